import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/sim/agent.js';
import { Simulation } from '../../src/sim/simulation.js';
import { installPoaNetwork } from '../../src/agents/validator.js';
import { FastPoaNetwork } from '../../src/ledger/fastnet.js';
import type { LedgerOutMsg } from '../../src/ledger/messages.js';
import { resolvePoa } from '../../src/ledger/params.js';
import { serializeBlock } from '../../src/ledger/serialize.js';
import { sha256Hex } from '../../src/ledger/hash.js';
import { verifyLedger } from '../../src/ledger/verify.js';
import type { Transaction } from '../../src/ledger/types.js';

const PH = sha256Hex('payload');
const tx = (i: number, t: number, deadline: number | null = null): Transaction => ({
  id: `c${i % 3}:${i}`, type: 'setpoint', sender: `cev:${i % 3}`, payloadHash: PH, size_bytes: 400, complexity: 1 + (i % 3) * 0.5, submit_t_s: t, deadline_t_s: deadline,
});

/** Submits transactions at given times and records the replies. */
class Client extends Agent<LedgerOutMsg, number> {
  replies: LedgerOutMsg[] = [];
  constructor(id: string, private readonly to: string, private readonly plan: [number, Transaction][]) {
    super(id);
  }
  override onStart(): void {
    this.plan.forEach(([t], k) => this.setTimer(t, k));
  }
  override onTimer(k: number): void {
    this.send(this.to, { type: 'submitTx', tx: this.plan[k][1] });
  }
  override onMessage(m: LedgerOutMsg): void {
    this.replies.push(m);
  }
}

function plan(n: number): [number, Transaction][] {
  const out: [number, Transaction][] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.floor(i / 40) * 3.7 + (i % 40) * 0.01;
    out.push([t, tx(i, t, i % 7 === 0 ? t + 4 : t + 600)]);
  }
  return out;
}

describe('PoA network', () => {
  const params = { validators: 4, blockBase_s: 0.3 };

  it('kernel agents: every submitter is told final (with block height) or failed', () => {
    const sim = new Simulation({ seed: 3 });
    const net = installPoaNetwork(sim, params);
    const c = sim.add(new Client('cev:agg', net.submitTo, plan(400)));
    sim.run();
    const finals = c.replies.filter((m) => m.type === 'txFinal');
    const failed = c.replies.filter((m) => m.type === 'txFailed');
    expect(finals.length + failed.length).toBe(400);
    expect(finals.length).toBeGreaterThan(300);
    for (const f of finals) if (f.type === 'txFinal') expect(f.blockHeight).toBeGreaterThan(0);
    expect(verifyLedger(net.ledgerLines()).ok).toBe(true);
    const inLedger = net.blocks.reduce((s, b) => s + b.txs.length, 0);
    expect(inLedger).toBe(finals.length);
  });

  it('the fast path produces the same ledger and finality times as the kernel agents', () => {
    const sim = new Simulation({ seed: 3 });
    const net = installPoaNetwork(sim, params);
    const c = sim.add(new Client('cev:agg', net.submitTo, plan(300)));
    sim.run();
    const fastBlocks = [] as string[];
    const finals = new Map<string, number>();
    const fast = new FastPoaNetwork(resolvePoa(params), {
      seed: 3,
      onBlock: (o) => {
        if (!o.block) return;
        fastBlocks.push(serializeBlock(o.block));
        for (const e of o.included) finals.set(e.tx.id, o.finalT);
      },
    });
    for (const [t, x] of plan(300)) fast.submit(x, t);
    fast.drain();
    expect(fastBlocks).toEqual(net.ledgerLines().slice(1));
    for (const m of c.replies) if (m.type === 'txFinal') expect(finals.get(m.txId)).toBe(m.finalT);
  });

  it('same seed, byte-identical ledger; quorum finality waits for a crashed majority to recover', () => {
    const run = (crash: boolean) => {
      const sim = new Simulation({ seed: 9 });
      const p = { ...params, faults: crash ? { crashes: [1, 2, 3].map((v) => ({ validator: v, at_s: 5, duration_s: 100 })) } : {} };
      const net = installPoaNetwork(sim, p);
      const c = sim.add(new Client('x', net.submitTo, plan(120)));
      sim.run();
      return { lines: net.ledgerLines().join('\n'), replies: c.replies };
    };
    expect(run(false).lines).toEqual(run(false).lines);
    const late = run(true).replies.filter((m) => m.type === 'txFinal' && m.finalT > 105);
    expect(late.length).toBeGreaterThan(0);
  });
});
