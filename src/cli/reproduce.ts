import type { CommandModule } from 'yargs';

interface Args {
  figures?: string[];
  list?: boolean;
  out?: string;
  svg?: boolean;
  quiet?: boolean;
  reuse?: boolean;
  force?: boolean;
  workers?: number;
}

export const command: CommandModule<object, Args> = {
  command: 'reproduce [figures..]',
  describe: 'regenerate published figures and tables from pinned scenarios, with a paper-vs-sim table',
  builder: (y) =>
    y
      .positional('figures', { type: 'string', array: true, describe: "figure/table ids (see --list) or 'all'" })
      .option('list', { type: 'boolean', default: false, describe: 'list every figure and table id with its paper reference' })
      .option('out', { type: 'string', default: 'out/reproduce', describe: 'output directory' })
      .option('svg', { type: 'boolean', default: true, describe: 'render figures to SVG (--no-svg to skip)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' })
      .option('force', { type: 'boolean', default: false, describe: 'write into a directory that is not an earlier reproduce output (files vpsim did not write are kept)' })
      .option('workers', { type: 'number', describe: 'worker threads for the seed studies (default: the number of cores; 0 = main thread)' })
      .option('reuse', { type: 'boolean', default: false, describe: 'reuse OUT/runs/<key> when its scenario hash and seed match the pin' })
      .example('$0 reproduce --list', 'what can be reproduced')
      .example('$0 reproduce all --out out/paper', 'everything, with paper-vs-sim.csv/.md')
      .example('$0 reproduce fig8 --out out/paper --reuse', 'redraw from the runs already in out/paper/runs'),
  handler: async (args) => {
    const { models } = await import('../models/registry.js');
    const rep = await import('../reproduce/reproduce.js');
    if (args.list) {
      process.stdout.write(rep.listing(Object.keys(models)));
      return;
    }
    const ids = args.figures ?? [];
    if (ids.length === 0) throw Object.assign(new Error("name figure ids or 'all' (see vpsim reproduce --list)"), { exitCode: 2, usage: true });
    rep.selectItems(ids);
    const out = args.out ?? 'out/reproduce';
    const res = await rep.reproduce({ ids, out, quiet: args.quiet, svg: args.svg, reuse: args.reuse, force: args.force, workers: args.workers });
    const ok = res.items.filter((i) => i.status === 'ok').length;
    const w = Math.max(0, ...res.items.map((i) => i.id.length));
    const lines = res.items.map((i) => `  ${i.id.padEnd(w)}  ${i.status === 'ok' ? 'ok' : i.message}`);
    const v = (k: string) => res.comparison.filter((c) => c.verdict === k).length;
    process.stdout.write(
      `wrote ${out}: ${ok}/${res.items.length} items\n${lines.join('\n')}\n` +
        `paper-vs-sim (${res.comparison.length} values of this selection): ${v('inside')} inside band, ${v('outside')} outside, ` +
        `${v('reported')} reported, ${v('not available')} not available; table: ${out}/paper-vs-sim.md\n`
    );
    // conclusions over seeds: mean and 95% interval (also in paper-vs-sim and tables/greek-seeds.csv)
    const seeds = res.comparison.filter((c) => c.id.startsWith('greek.seeds.') && c.ours !== null);
    if (seeds.length > 0) {
      process.stdout.write(`over seeds (SC1 vs SC2, paired):\n${seeds.map((c) => `  ${c.quantity}: ${Number(c.ours!.toPrecision(4))} ${c.unit} (${c.note})`).join('\n')}\n`);
    }
        // a crashed run or figure is an error (exit 1); a model that has not landed yet is not
    if (res.items.some((i) => i.status === 'failed')) process.exitCode = 1;
  },
};
