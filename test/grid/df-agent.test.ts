import { describe, expect, it } from 'vitest';
import { DfAgent, type CevPowerMessage, type CurtailMessage, type DfOutbound } from '../../src/agents/df.js';
import { Agent } from '../../src/sim/agent.js';
import { Simulation } from '../../src/sim/simulation.js';
import { bundled } from './helpers.js';

/** A stand-in CEV: reports its power at each interval start and obeys curtailment at once. */
class FakeCev extends Agent<DfOutbound, 'report'> {
  received: CurtailMessage[] = [];
  constructor(id: string, public pKw: number, private readonly df: string, private readonly intervals: number) {
    super(id);
  }
  override onStart(): void {
    this.setTimer(0, 'report');
  }
  override onTimer(): void {
    this.report();
    if (this.now + 300 < this.intervals * 300) this.setTimer(300, 'report');
  }
  override onMessage(msg: DfOutbound): void {
    if (msg.type !== 'curtail') return;
    this.received.push(msg);
    this.pKw -= Math.sign(this.pKw) * msg.reduceKw;
    this.report();
  }
  private report(): void {
    const m: CevPowerMessage = { type: 'cevPower', cevId: this.id, pKw: this.pKw };
    this.send(this.df, m, 0.01);
  }
}

function world(cevPowers: [string, number, number][], intervals: number, extra: Partial<ConstructorParameters<typeof DfAgent>[1]> = {}) {
  const sim = new Simulation({ seed: 1 });
  const prep = bundled('mv40');
  const df = sim.add(
    new DfAgent('df:athens', {
      feederLabel: 'athens', prep, loadScale: new Float64Array(intervals).fill(1),
      cevs: cevPowers.map(([cevId, busId]) => ({ cevId, busId })), ...extra,
    })
  );
  const cevs = cevPowers.map(([id, , p]) => sim.add(new FakeCev(id, p, 'df:athens', intervals)));
  sim.run();
  return { sim, df, cevs };
}

describe('DF agent', () => {
  it('records every interval, curtails on undervoltage, and the feeder is back in band next interval', () => {
    const { sim, cevs } = world([['cev:1', 40, 900], ['cev:2', 26, 600]], 3);
    const grid = sim.recorder.tables.get('grid')!;
    expect(grid).toHaveLength(3);
    expect(grid.map((r) => r.interval)).toEqual([0, 1, 2]);
    expect(grid[0].vmin_pu as number).toBeLessThan(0.95);
    expect(grid[0].violations as number).toBeGreaterThan(0);
    expect(grid[1].vmin_pu as number).toBeGreaterThanOrEqual(0.95);
    expect(grid[2].violations).toBe(0);
    expect(sim.recorder.tables.get('voltages')).toHaveLength(3 * 40);
    for (const c of cevs) {
      expect(c.received).toHaveLength(1);
      expect(c.received[0]).toMatchObject({ type: 'curtail', cevId: c.id, reason: 'undervoltage', interval: 0 });
    }
    expect(cevs[0].pKw).toBeGreaterThan(0);
    expect(sim.recorder.tables.get('curtailments')).toHaveLength(2);
  });

  it('subtracts RES output and stays quiet inside the band', () => {
    const profile = [0, 1];
    const { sim, cevs } = world([['cev:1', 18, 100]], 2, { res: [{ busId: 18, capacityKw: 1500, profile }], recordBusVoltages: false });
    const grid = sim.recorder.tables.get('grid')!;
    expect(grid[1].slack_p_kw as number).toBeLessThan((grid[0].slack_p_kw as number) - 1400);
    expect(grid[1].vmin_pu as number).toBeGreaterThan(grid[0].vmin_pu as number);
    expect(cevs[0].received).toEqual([]);
    expect(sim.recorder.tables.get('voltages')).toBeUndefined();
  });

  it('rejects a CEV on a bus the feeder does not have', () => {
    expect(() => world([['cev:1', 99, 100]], 1)).toThrow(/DF df:athens: cevs\[0\]\.busId: expected a bus of feeder mv40/);
  });
});
