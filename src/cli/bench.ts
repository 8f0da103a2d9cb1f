import type { CommandModule } from 'yargs';

interface Args {
  groups?: string[];
  json?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'bench [groups..]',
  describe: 'run the performance benchmarks (all groups, or the named ones)',
  builder: (y) =>
    y
      .positional('groups', { type: 'string', array: true, describe: 'benchmark groups (kernel, powerflow, ledger, greek, gvp)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
  handler: async (args) => {
    const { benchGroups } = await import('../bench/registry.js');
    const { InputError } = await import('../util/errors.js');
    const { didYouMean } = await import('../util/suggest.js');
    const names = args.groups && args.groups.length > 0 ? args.groups : Object.keys(benchGroups);
    for (const n of names) {
      if (!benchGroups[n]) throw new InputError('bench', 'groups', `one of ${Object.keys(benchGroups).join(', ')}`, `${JSON.stringify(n)}${didYouMean(n, Object.keys(benchGroups))}`);
    }
    const { camelKeys } = await import('../output/json-keys.js');
    const result: Record<string, Record<string, number>> = {};
    for (const n of names) {
      const run = await (await benchGroups[n])();
      // figure names as JSON keys: camelCase with the unit suffix (dayWall_s -> dayWallS); group names are data
      result[n] = camelKeys(await run());
      if (!args.json) {
        process.stdout.write(`${n}\n`);
        // one column for the values however long a figure name is
        const w = Math.max(0, ...Object.keys(result[n]).map((k) => k.length));
        for (const [k, v] of Object.entries(result[n])) process.stdout.write(`  ${k.padEnd(w)}  ${fmt(v)}\n`);
      }
    }
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
  },
};

function fmt(v: number): string {
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4);
}
