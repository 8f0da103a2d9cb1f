import { describe, expect, it } from 'vitest';
import { PoaEngine, type BlockOutcome } from '../../src/ledger/engine.js';
import { FastPoaNetwork } from '../../src/ledger/fastnet.js';
import { sha256Hex } from '../../src/ledger/hash.js';
import { FaultSchedule } from '../../src/ledger/network.js';
import { resolvePoa, type PoaParamsInput } from '../../src/ledger/params.js';
import type { Transaction } from '../../src/ledger/types.js';

const PH = sha256Hex('p');
const tx = (i: number, t: number, extra: Partial<Transaction> = {}): Transaction => ({ id: `t${i}`, type: 'setpoint', sender: `agg:${i % 8}`, payloadHash: PH, size_bytes: 250, complexity: 1, submit_t_s: t, deadline_t_s: null, ...extra });

function run(params: PoaParamsInput, n: number, every = 0.01, extra: (i: number) => Partial<Transaction> = () => ({})): { outs: BlockOutcome[]; net: FastPoaNetwork } {
  const outs: BlockOutcome[] = [];
  const net = new FastPoaNetwork(resolvePoa(params), { seed: 5, onBlock: (o) => outs.push(o) });
  for (let i = 0; i < n; i++) net.submit(tx(i, i * every, extra(i)), i * every);
  net.drain();
  return { outs, net };
}

describe('PoA engine', () => {
  it('routing policies spread or pin gateways as documented', () => {
    const gw = (routing: PoaParamsInput['routing']) => {
      const { net } = run({ validators: 4, routing, blockBase_s: 0.01 }, 400);
      return Array.from(net.engine.routed);
    };
    expect(gw('round-robin')).toEqual([100, 100, 100, 100]);
    const ll = gw('least-loaded');
    expect(Math.min(...ll)).toBeGreaterThan(50); // idle B/As take turns
    // a B/A busy validating gets fewer submissions than the idle ones
    const busy = run({ validators: 4, routing: 'least-loaded' }, 400).net.engine.routed;
    expect(busy[0]).toBeGreaterThan(busy[1]);
    const h = gw('hash');
    expect(h.reduce((a, b) => a + b, 0)).toBe(400);
    // hash routing: one sender always uses one gateway
    const e = new PoaEngine(resolvePoa({ validators: 4, routing: 'hash' }), { seed: 1, horizon_s: 100 });
    const g = new Set([0, 1, 2, 3].map((k) => (e.submit(tx(k * 8, k), k) as { gw: number }).gw));
    expect(g.size).toBe(1);
  });

  it('in-turn proposers rotate, heights and parents chain, blocks respect the size limit', () => {
    const { outs } = run({ validators: 3, maxBlockBytes: 512 + 250 * 40, blockBase_s: 0.1 }, 600, 0.002);
    const blocks = outs.filter((o) => o.block).map((o) => o.block!);
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    blocks.forEach((b, i) => {
      expect(b.height).toBe(i + 1);
      expect(b.proposer).toBe(i % 3);
      expect(b.size_bytes).toBeLessThanOrEqual(512 + 250 * 40);
      if (i > 0) expect(b.parentHash).toBe(blocks[i - 1].hash);
    });
  });

  it('finality is the quorum-th acknowledgement: larger quorums finalize later', () => {
    const fin = (quorum: number) => run({ validators: 5, quorum, latency_s: [0, 0.01, 0.05, 0.2, 0.8].map((_, i) => [0, 0.01, 0.05, 0.2, 0.8].map((__, j) => (i === j ? 0 : 0.01 + 0.2 * Math.abs(i - j)))) }, 50).outs[0];
    const a = fin(1), b = fin(3), c = fin(5);
    expect(a.finalT).toBe(a.buildDone);
    expect(b.finalT).toBeGreaterThan(a.finalT);
    expect(c.finalT).toBeGreaterThan(b.finalT);
  });

  it('a crashed in-turn proposer is skipped after the timeout; work pauses while a B/A is down', () => {
    const f = new FaultSchedule(resolvePoa({ validators: 2, faults: { crashes: [{ validator: 1, at_s: 10, duration_s: 5 }] } }), 1, 100);
    expect(f.isUp(1, 12)).toBe(false);
    expect(f.nextUp(1, 12)).toBe(15);
    expect(f.run(1, 8, 4)).toBe(17); // 2 s before the crash, 2 s after recovery
    const { outs } = run({ validators: 3, blockBase_s: 0.1, faults: { crashes: [{ validator: 1, at_s: 0, duration_s: 1000 }] } }, 300, 0.05);
    const props = outs.filter((o) => o.block).map((o) => o.proposer);
    expect(props).not.toContain(1);
    expect(props.length).toBeGreaterThan(3);
  });

  it('lossy links and expired deadlines: delays grow, late transactions fail', () => {
    const delay = (faults: PoaParamsInput['faults']) => {
      const { outs } = run({ validators: 4, blockBase_s: 0.2, faults }, 400, 0.02);
      let s = 0, n = 0;
      for (const o of outs) for (const e of o.included) (s += o.finalT - e.tx.submit_t_s), n++;
      return s / n;
    };
    expect(delay({ degradedLinkFraction: 1, dropProb: 0.5, retransmitTimeout_s: 2 })).toBeGreaterThan(delay({}) + 0.5);
    const { outs } = run({ validators: 2, blockBase_s: 3 }, 200, 0.01, (i) => ({ deadline_t_s: i * 0.01 + 2 }));
    const expired = outs.reduce((s, o) => s + o.expired.length, 0);
    const final = outs.reduce((s, o) => s + o.included.length, 0);
    expect(expired).toBeGreaterThan(0);
    expect(expired + final).toBe(200);
  });

  it('random crashes from MTBF/MTTR are reproducible from the seed and cost availability', () => {
    const p = resolvePoa({ validators: 4, faults: { mtbf_s: 600, mttr_s: 60 } });
    const a = new FaultSchedule(p, 7, 36_000), b = new FaultSchedule(p, 7, 36_000), c = new FaultSchedule(p, 8, 36_000);
    expect(Array.from(a.down[2])).toEqual(Array.from(b.down[2]));
    expect(Array.from(a.down[2])).not.toEqual(Array.from(c.down[2]));
    const share = a.downtime(0, 36_000) / 36_000;
    expect(share).toBeGreaterThan(0.03); // about mttr / (mtbf + mttr) = 9 %
    expect(share).toBeLessThan(0.2);
  });

  it('rejects transactions larger than a block', () => {
    const e = new PoaEngine(resolvePoa({ validators: 2, maxBlockBytes: 1000 }), { seed: 1, horizon_s: 10 });
    expect(e.submit(tx(0, 0, { size_bytes: 600 }), 0)).toBe('tooLarge');
    expect(typeof e.submit(tx(1, 0, { size_bytes: 400 }), 0)).toBe('object');
  });
});
