// `vpsim kpi <DIR> [--json]`: recomputes K1-K10 from a run's exported events.jsonl and ledger.jsonl
// and prints them (with --json: exactly the `kpis` object that summary.json carries). Every model
// with lifecycle events (GVP, and Greek runs, whose obligations and delegations the model records
// as lifecycle events) is read the same way. The records are then checked (the chain, events.jsonl
// against it, the anchor): when they fail, the KPIs are still printed and the command says so and
// exits 3.
import type { CommandModule } from 'yargs';

interface Args {
  dir: string;
  json?: boolean;
  trust?: string;
}

export const command: CommandModule<object, Args> = {
  command: 'kpi <dir>',
  describe: 'recompute the contract KPIs K1-K10 of a run from its events.jsonl and ledger.jsonl (exit 3 when the records do not verify)',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'run output directory' })
      .option('trust', { type: 'string', describe: 'an anchor or public keys to check the records against (see vpsim ledger verify)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the kpis object as JSON (as in summary.json)' }),
  handler: async (args) => {
    const { computeKpis, readRunRecords } = await import('../kpi/index.js');
    const { formatKpis } = await import('../kpi/format.js');
    const { readTrust, verifyRecords } = await import('../kpi/verify-records.js');
    const { IntegrityError } = await import('../util/errors.js');
    const trust = args.trust ? readTrust(args.trust) : undefined;
    let rec: ReturnType<typeof readRunRecords>;
    try {
      rec = readRunRecords(args.dir);
    } catch (err) {
      // a record line that is not an event (a `null`, a number): an edited record, so an
      // integrity failure when the records do not verify either (else the input error as is)
      if ((err as { exitCode?: number }).exitCode !== 2) throw err;
      let v: ReturnType<typeof verifyRecords> | undefined;
      try {
        v = verifyRecords(args.dir, trust);
      } catch {
        throw err;
      }
      if (v.ok) throw err;
      throw new IntegrityError(`records failed: ${v.file}${v.line !== null ? `: line ${v.line}` : ''}: ${v.reason} (no KPIs: ${(err as Error).message})`);
    }
    // community runs (their log opens with CommunityOpened) have their own KPI set
    const community = await import('../kpi/community.js');
    const kpis = community.isCommunityRun(rec.events) ? community.computeCommunityKpis(rec.events, rec.ledgerLines) : computeKpis(rec.events, rec.ledgerLines);
    const { camelKeys } = await import('../output/json-keys.js');
    process.stdout.write(args.json ? JSON.stringify(camelKeys(kpis, ['kpis'])) + '\n' : formatKpis(kpis as never));
    const v = verifyRecords(args.dir, trust);
    if (!v.ok) throw new IntegrityError(`records failed: ${v.file}${v.line !== null ? `: line ${v.line}` : ''}: ${v.reason} (the KPIs above come from records that do not verify)`);
  },
};
