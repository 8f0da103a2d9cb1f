import type { CommandModule } from 'yargs';

interface Args {
  a: string;
  b: string;
  json?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'diff <a> <b>',
  describe: 'compare two run directories: resolved scenarios, metrics and KPIs (exit 0 identical, 1 different)',
  builder: (y) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'first run directory' })
      .positional('b', { type: 'string', demandOption: true, describe: 'second run directory' })
      .option('json', { type: 'boolean', default: false, describe: 'print the differences as JSON' }),
  handler: async (args) => {
    const { diffRuns, diffRows } = await import('../report/diff.js');
    const { textTable } = await import('../output/text-table.js');
    const d = await diffRuns(args.a, args.b);
    if (args.json) process.stdout.write(JSON.stringify(d, null, 2) + '\n');
    else if (d.identical) process.stdout.write(`identical: ${args.a} and ${args.b} (same resolved scenario, metrics and KPIs; timings not compared)\n`);
    else {
      const parts: string[] = [];
      for (const [title, entries] of [['scenario', d.scenario], ['metrics', d.metrics], ['kpis', d.kpis]] as const) {
        if (entries.length === 0) continue;
        const note = title === 'scenario' && d.scenarioSource.includes('hash') ? ' (scenario.resolved.yaml missing: only hash and seed compared)' : '';
        parts.push(`${title}: ${entries.length} difference(s)${note}\n${textTable(['field', 'A', 'B', 'B - A', 'relative'], diffRows(entries), { indent: 2, align: ['left', 'right', 'right', 'right', 'right'] })}`);
      }
      process.stdout.write(`A = ${args.a}\nB = ${args.b}\n${parts.join('\n')}\n`);
    }
    process.exitCode = d.identical ? 0 : 1;
  },
};
