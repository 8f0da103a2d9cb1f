import type { CommandModule } from 'yargs';

interface Args {
  scenario: string;
  seed?: string;
  out?: string;
  force?: boolean;
  set?: string[];
  quiet?: boolean;
  trace?: boolean;
  svg?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'run <scenario>',
  describe: 'run one scenario and write its output directory',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('seed', { type: 'string', describe: 'global seed, a non-negative integer (overrides the scenario)' })
      .option('out', { type: 'string', describe: 'output directory (default out/<scenario name>, or out/<name>-<hash8> when out/<name> holds a different scenario)' })
      .option('force', { type: 'boolean', default: false, describe: 'write into a directory that is not an earlier vpsim run output (files vpsim did not write are kept)' })
      .option('set', { type: 'string', array: true, describe: 'override a field: --set a.b=value (repeatable)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' })
      .option('trace', { type: 'boolean', default: false, describe: 'also write trace.jsonl (every message; slow)' })
      .option('svg', { type: 'boolean', default: false, describe: 'add the figures that apply to this run and render them to SVG' }),
  handler: async (args) => {
    const { runScenarioFile } = await import('../models/run-scenario.js');
    const { parseSeed } = await import('../scenarios/seed.js');
    const res = await runScenarioFile(args.scenario, { seed: parseSeed(args.seed), out: args.out, force: args.force, set: args.set, quiet: args.quiet, trace: args.trace });
    if (res.note) process.stderr.write(`vpsim: ${res.note}
`);
    if (args.svg) {
      const svgs = (await (await import('../report/run-figures.js')).addRunFigures(res.dir, { scenario: res.scenario })).filter((f) => f.endsWith('.svg'));
      if (svgs.length === 0) process.stderr.write(`vpsim: --svg: no figure applies to this run (model ${String(res.scenario.model)}); see vpsim reproduce --list
`);
    }
    const { headline, seconds } = await import('../report/headline.js');
    const { textTable } = await import('../output/text-table.js');
    const rows = headline(String(res.scenario.model), res.summary);
    const table = textTable(null, rows.map((r) => [r.label, r.value, r.unit, r.note ?? '']), { indent: 2, align: ['left', 'right', 'left', 'left'] });
    process.stdout.write(`wrote ${res.dir} (scenario ${res.summary.scenario}, seed ${res.summary.seed}, ${seconds(res.summary.timings.runMs)})\n${table}\n`);
  },
};
