import { describe, expect, it } from 'vitest';
import { DfAgent } from '../../src/agents/df.js';
import { buildFeederDay } from '../../src/grid/feeder-day.js';
import type { CevPowerMsg, CurtailMsg, DfOutbound } from '../../src/grid/feeder-messages.js';
import { Agent } from '../../src/sim/agent.js';
import { Simulation } from '../../src/sim/simulation.js';
import { bundled } from './helpers.js';

/** A stand-in CEV: reports its power for each interval at the interval start and obeys curtailment. */
class FakeCev extends Agent<DfOutbound, 'report'> {
  received: CurtailMsg[] = [];
  models = 0;
  private k = 0;
  constructor(id: string, readonly cevIndex: number, public pKw: number, private readonly df: string, private readonly intervals: number) {
    super(id);
  }
  override onStart(): void {
    this.setTimer(0, 'report');
  }
  override onTimer(): void {
    const m: CevPowerMsg = { type: 'cevPower', cev: this.cevIndex, k: this.k, pKw: this.pKw };
    this.send(this.df, m, 0.01);
    if (++this.k < this.intervals) this.setTimer(300, 'report');
  }
  override onMessage(msg: DfOutbound): void {
    if (msg.type === 'gridModel') this.models++;
    if (msg.type !== 'curtail') return;
    this.received.push(msg);
    this.pKw = msg.capKw;
  }
}

function world(cevs: [number, number][], intervals: number, opts: { res?: number[]; loading?: boolean; maxLoadingPct?: number; loadScale?: number } = {}) {
  const sim = new Simulation({ seed: 1 });
  const prep = bundled('mv40');
  const grid = buildFeederDay({
    name: 'athens', prep, slackVmPu: 1, vMinPu: 0.95, vMaxPu: 1.05,
    loadScale: new Float64Array(intervals).fill(opts.loadScale ?? 1),
    res: opts.res ? [{ bus: prep.indexOfBus.get(18)!, capacityKw: 1500, profile: Float64Array.from(opts.res) }] : [],
    cevs: cevs.map((_, i) => i), cevBus: cevs.map(([b]) => prep.indexOfBus.get(b)!),
  });
  const refs = cevs.map((_, i) => `cev:${i + 1}`);
  const df = sim.add(
    new DfAgent('df:athens', grid, {
      nCev: cevs.length, control: true, cevRefs: refs, toCevS: 0.02, modelTo: refs[0], toModelS: 0.02,
      curtailment: { loading: opts.loading }, maxLoadingPct: opts.maxLoadingPct,
    })
  );
  const agents = cevs.map(([, p], i) => sim.add(new FakeCev(refs[i], i, p, 'df:athens', intervals)));
  sim.run();
  return { sim, df, cevs: agents };
}

describe('DF agent', () => {
  it('shares its model, checks every interval, curtails on undervoltage, and the feeder is back in band', () => {
    const { sim, df, cevs } = world([[40, 900], [26, 600]], 3);
    expect(cevs[0].models).toBe(1);
    // the first interval is cut, the next ones run at the cut power and need nothing
    const events = sim.recorder.events.filter((e) => e.type === 'curtail');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.interval === 0)).toBe(true);
    for (let k = 0; k < 3; k++) {
      expect(df.rec.vMinPu[k]).toBeGreaterThanOrEqual(0.95);
      expect(df.rec.violatingBuses[k]).toBe(0);
      expect(df.rec.busVm[k]).toHaveLength(40);
    }
    expect(df.rec.curtailedKw[0]).toBeGreaterThan(0);
    expect(df.rec.curtailedKw[1]).toBe(0);
    const cut = cevs.flatMap((c) => c.received);
    expect(cut.every((m) => m.reason === 'undervoltage' && m.k === 0)).toBe(true);
    // the far CEV (bus 40) is cut first
    expect(cevs[0].received).toHaveLength(1);
    expect(cevs[0].pKw).toBeLessThan(900);
    expect(cevs[0].pKw).toBeGreaterThanOrEqual(0);
  });

  it('subtracts RES output and stays quiet inside the band', () => {
    const { df, cevs } = world([[18, 100]], 2, { res: [0, 1] });
    expect(df.rec.vMinPu[1]).toBeGreaterThan(df.rec.vMinPu[0]);
    expect(df.rec.lossKw[1]).toBeLessThan(df.rec.lossKw[0]);
    expect(cevs[0].received).toEqual([]);
  });

  it('cuts the CEV behind an overloaded branch when loading limits are on', () => {
    const { df, cevs } = world([[35, 1200], [22, 10]], 2, { loading: true, maxLoadingPct: 30, loadScale: 0.5 });
    expect(cevs[0].received.map((m) => m.reason)).toEqual(['overload']);
    expect(cevs[1].received).toEqual([]);
    expect(df.rec.maxLoadingPct[0]).toBeLessThanOrEqual(30 + 1e-6);
    expect(df.rec.vMinPu[0]).toBeGreaterThanOrEqual(0.95);
  });

  it('does not curtail for a violation the base load alone causes, and counts it', () => {
    const { df, cevs } = world([[22, 20]], 1, { loadScale: 1.5 });
    expect(cevs[0].received).toEqual([]);
    expect(df.rec.violatingBuses[0]).toBeGreaterThan(0);
    expect(df.rec.baseViolatingBuses[0]).toBe(df.rec.violatingBuses[0]);
  });

  it('rejects a report from a CEV that is not on its feeder', () => {
    const sim = new Simulation({ seed: 1 });
    const prep = bundled('mv40');
    const grid = buildFeederDay({ name: 'a', prep, slackVmPu: 1, vMinPu: 0.95, vMaxPu: 1.05, loadScale: new Float64Array(1).fill(1), res: [], cevs: [0], cevBus: [3] });
    sim.add(new DfAgent('df:a', grid, { nCev: 2, control: true, cevRefs: ['c0', 'c1'], toCevS: 0 }));
    sim.send(-1, 'df:a', { type: 'cevPower', cev: 1, k: 0, pKw: 5 }, 0);
    expect(() => sim.run()).toThrow(/CEV 1 is not on feeder a/);
  });
});
