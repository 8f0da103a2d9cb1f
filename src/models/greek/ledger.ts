// Ledger wiring for the Greek model: a LedgerPort that turns agent actions into ledger
// transactions sent to the PoA validators (src/agents/validator.ts, installPoaNetwork), the
// collection of per-transaction finality delays from the block outcomes, and the commitment of the
// run's lifecycle events (src/kpi/greek.ts) as ledger transactions: each event becomes the
// transaction the KPI engine recomputes from its events.jsonl record (src/contracts/chain.ts,
// `eventTransaction`), and gets the height of the block that committed it.
import { installPoaNetwork, type PoaNetworkHandle } from '../../agents/validator.js';
import { eventTransaction, eventTxId } from '../../contracts/chain.js';
import { sha256Hex, type Transaction } from '../../ledger/index.js';
import type { LedgerPort } from '../../greek/ledger-port.js';
import type { Agent } from '../../sim/agent.js';
import type { Simulation } from '../../sim/simulation.js';

export interface LedgerStats {
  /** Per included transaction: submit time, finality time, type. */
  submitS: number[];
  finalS: number[];
  type: string[];
  blocks: number;
  /** Committed transactions by id: block height and position in the block. */
  committed: Map<string, { height: number; index: number }>;
}

export class PoaLedgerPort implements LedgerPort {
  readonly enabled = true;
  private seq = 0;
  constructor(private readonly submitTo: string, private readonly complexity: number, private readonly deadlineS: number) {}

  submit(from: Agent, type: string, payload: Record<string, unknown>, complexity = this.complexity): void {
    const body = JSON.stringify(payload);
    const tx: Transaction = {
      id: `greek:${from.id}:${this.seq++}`,
      type,
      sender: from.id,
      payloadHash: sha256Hex(body),
      size_bytes: 160 + body.length,
      complexity,
      submit_t_s: from.now,
      deadline_t_s: from.now + this.deadlineS,
      payload: body,
    };
    from.send(this.submitTo, { type: 'submitTx', tx }, 0);
  }
}

export function installGreekLedger(sim: Simulation, validators: number, blockPeriodS: number, horizonEndS: number): { net: PoaNetworkHandle; stats: LedgerStats } {
  const stats: LedgerStats = { submitS: [], finalS: [], type: [], blocks: 0, committed: new Map() };
  const net = installPoaNetwork(
    sim,
    { validators, blockPeriod_s: blockPeriodS },
    {
      idPrefix: 'ba',
      recordBlocks: true,
      horizon_s: horizonEndS + 3600,
      onBlock: (o) => {
        if (o.block) stats.blocks++;
        o.included.forEach((p, index) => {
          if (o.block) stats.committed.set(p.tx.id, { height: o.block.height, index });
          stats.submitS.push(p.tx.submit_t_s);
          stats.finalS.push(o.finalT);
          stats.type.push(p.tx.type);
        });
      },
    }
  );
  return { net, stats };
}

/** Transaction type prefix of committed lifecycle events (src/contracts/chain.ts). */
export const EVENT_TX_PREFIX = 'gvp:';

/** An event record as written to events.jsonl: `seq` and `block` first (block -1 = not committed). */
export type GreekEventRecord = { seq: number; block: number } & Record<string, unknown> & { t: number; signer: string; type: string };

/**
 * Submits every event record to the validators as its ledger transaction, sent by the agent that
 * signs it (`signer`, an agent id) at the current simulation time. Run the simulation afterwards
 * until the network is idle, then `assignBlocks`.
 */
export function submitEvents(sim: Simulation, submitTo: string, records: readonly GreekEventRecord[]): void {
  for (const rec of records) sim.send(sim.ref(rec.signer), submitTo, { type: 'submitTx', tx: eventTransaction(rec) }, 0);
}

/** Sets each record's block height from the committed transactions and returns them in commit order. */
export function assignBlocks(records: readonly GreekEventRecord[], stats: LedgerStats): GreekEventRecord[] {
  const pos = (r: GreekEventRecord) => stats.committed.get(eventTxId(r.seq));
  for (const r of records) r.block = pos(r)?.height ?? -1;
  // uncommitted records (none unless the network lost them) go last, in sequence order
  const key = (r: GreekEventRecord) => {
    const p = pos(r);
    return p ? [p.height, p.index] : [Number.MAX_SAFE_INTEGER, r.seq];
  };
  return [...records].sort((a, b) => {
    const ka = key(a), kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1];
  });
}
