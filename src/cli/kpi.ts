// `vpsim kpi <DIR> [--json]`: recomputes K1-K10 from a run's exported events.jsonl and ledger.jsonl
// and prints them (with --json: exactly the `kpis` object that summary.json carries). Every model
// with lifecycle events (GVP, and Greek runs, whose obligations and delegations the model records
// as lifecycle events) is read the same way.
import type { CommandModule } from 'yargs';

interface Args {
  dir: string;
  json?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'kpi <dir>',
  describe: 'recompute the contract KPIs K1-K10 of a run from its events.jsonl and ledger.jsonl',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'run output directory' })
      .option('json', { type: 'boolean', default: false, describe: 'print the kpis object as JSON (as in summary.json)' }),
  handler: async (args) => {
    const { computeKpis, readRunRecords } = await import('../kpi/index.js');
    const { formatKpis } = await import('../kpi/format.js');
    const rec = readRunRecords(args.dir);
    const kpis = computeKpis(rec.events, rec.ledgerLines);
    process.stdout.write(args.json ? JSON.stringify(kpis) + '\n' : formatKpis(kpis));
  },
};
