// `vpsim kpi <DIR> [--json]`: recomputes K1-K10 from a run's exported events.jsonl and ledger.jsonl
// and prints them (with --json: exactly the `kpis` object that summary.json carries). For a Greek
// run directory, the same engine runs on its obligations and delegations (src/kpi/greek.ts).
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
    const { greekKpis, isGreekRun } = await import('../kpi/greek.js');
    const rec = readRunRecords(args.dir);
    // a Greek run has no GVP lifecycle events: its obligations and delegations are mapped to them
    const gvp = rec.events.some((e) => e.type === 'TradeRegistered' || e.type === 'DemandRequested');
    const kpis = !gvp && isGreekRun(args.dir) ? greekKpis(args.dir) : computeKpis(rec.events, rec.ledgerLines);
    process.stdout.write(args.json ? JSON.stringify(kpis) + '\n' : formatKpis(kpis));
  },
};
