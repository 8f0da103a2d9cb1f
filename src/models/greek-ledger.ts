// Ledger wiring for the Greek model: a LedgerPort that turns agent actions into ledger
// transactions sent to the PoA validators (src/agents/validator.ts, installPoaNetwork), and the
// collection of per-transaction finality delays from the block outcomes.
import { installPoaNetwork, type PoaNetworkHandle } from '../agents/validator.js';
import { sha256Hex, type Transaction } from '../ledger/index.js';
import type { LedgerPort } from '../greek/ledger-port.js';
import type { Agent } from '../sim/agent.js';
import type { Simulation } from '../sim/simulation.js';

export interface LedgerStats {
  /** Per included transaction: submit time, finality time, type. */
  submitS: number[];
  finalS: number[];
  type: string[];
  blocks: number;
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
  const stats: LedgerStats = { submitS: [], finalS: [], type: [], blocks: 0 };
  const net = installPoaNetwork(
    sim,
    { validators, blockPeriod_s: blockPeriodS },
    {
      idPrefix: 'ba',
      recordBlocks: true,
      horizon_s: horizonEndS + 3600,
      onBlock: (o) => {
        if (o.block) stats.blocks++;
        for (const p of o.included) {
          stats.submitS.push(p.tx.submit_t_s);
          stats.finalS.push(o.finalT);
          stats.type.push(p.tx.type);
        }
      },
    }
  );
  return { net, stats };
}
