import type { CommandModule } from 'yargs';

interface Args {
  scenarios: string[];
  set?: string[];
}

export const command: CommandModule<object, Args> = {
  command: 'validate <scenarios..>',
  describe: 'check scenario files without running them',
  builder: (y) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files' })
      .option('set', { type: 'string', array: true, describe: 'override a field: --set a.b=value' }),
  handler: async (args) => {
    const { loadScenario } = await import('../models/registry.js');
    let bad = 0;
    for (const file of args.scenarios) {
      try {
        const s = await loadScenario(file, { set: args.set });
        process.stdout.write(`ok ${file} (model ${s.scenario.model}, hash ${s.hash.slice(0, 12)})\n`);
      } catch (err) {
        const e = err as { exitCode?: number; message: string };
        if (e.exitCode !== 2) throw err;
        process.stderr.write(`vpsim: ${e.message}\n`);
        bad++;
      }
    }
    if (bad > 0) process.exitCode = 2;
  },
};
