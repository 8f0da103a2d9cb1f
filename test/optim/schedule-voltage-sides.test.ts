// Voltage rows of the scheduling LP: the lower limit counts no V2G lift (a plan does not buy
// discharges to raise a feeder for other vehicles' charging), the upper limit counts it.
import { describe, expect, it } from 'vitest';
import { createLpSolver } from '../../src/optim/lp.js';
import { evaluateSchedule, rowVoltagesPu, type ClusterEnvelope, type SchedulingProblem, type VoltageRow } from '../../src/optim/schedule.js';
import { solveScheduleLp } from '../../src/optim/schedule-lp.js';
import { flatCluster, flatProblem } from '../helpers/schedule-problem.js';

const T = 2;
const cluster = (id: string, over: Partial<ClusterEnvelope> = {}) => flatCluster(T, { id, eLowKwh: new Float64Array(T).fill(-30), eHighKwh: new Float64Array(T).fill(30), ...over });
function row(v0Pu: number, over: Partial<VoltageRow> = {}): VoltageRow {
  return { t: 0, label: 'bus', v0Pu, sensPuPerKw: Float64Array.from([0.001, 0.001]), vMinPu: 0.95, vMaxPu: 1.05, ...over };
}
// A must take 15 kWh in the first interval; B may discharge but must be back by the end; V2G wear
// makes no discharge free
const problem = (over: Partial<SchedulingProblem> = {}) =>
  flatProblem(T, [cluster('A', { eLowKwh: Float64Array.from([15, 15]) }), cluster('B', { eLowKwh: Float64Array.from([-30, 0]) })], { degradationMuPerKwh: 0.02, ...over });

describe('rowVoltagesPu', () => {
  const s = { ch: [Float64Array.from([15, 0]), Float64Array.from([0, 0])], dis: [Float64Array.from([0, 0]), Float64Array.from([5, 0])] };
  it('the lower side leaves out the V2G lift, the upper side counts it', () => {
    const v = rowVoltagesPu(row(0.96), s);
    expect(v.low).toBeCloseTo(0.945, 12);
    expect(v.high).toBeCloseTo(0.95, 12);
  });
  it('branch rows count discharges on both sides', () => {
    const v = rowVoltagesPu(row(0.96, { kind: 'branch' }), s);
    expect(v.low).toBeCloseTo(0.95, 12);
    expect(v.high).toBeCloseTo(0.95, 12);
  });
});

describe('voltage rows in the LP', async () => {
  const highs = await createLpSolver('highs');

  it('do not buy a V2G round trip to lift a bus for another cluster', () => {
    // 15 kW at A takes the bus to 0.945; 5 kW of V2G at B would lift it to 0.95, but the plan does
    // not rely on it: the row is missed (priced) instead and B stays idle
    const p = problem({ voltageRows: [row(0.96)], voltagePenaltyMuPerPu: 1000 });
    const r = solveScheduleLp(p, highs);
    expect(r.status).toBe('optimal');
    expect(r.schedule.ch[0][0]).toBeCloseTo(15, 6);
    expect(r.schedule.dis[1][0]).toBeCloseTo(0, 6);
    expect(evaluateSchedule(p, r.schedule).violation.voltagePu).toBeCloseTo(0.005, 6);
  });

  it('keep the upper limit against V2G that pays', () => {
    // a price peak now: B sells all it can, but 20 kW would lift the bus from 1.04 to 1.06
    const p = problem({
      priceMuPerKwh: Float64Array.from([0.5, 0.1]),
      clusters: [cluster('A', { pDisMaxKw: new Float64Array(T) }), cluster('B', { eLowKwh: Float64Array.from([-30, 0]) })],
      voltageRows: [row(1.04)],
    });
    const r = solveScheduleLp(p, highs);
    expect(r.status).toBe('optimal');
    expect(r.schedule.dis[1][0]).toBeCloseTo(10, 6);
    expect(evaluateSchedule(p, r.schedule).violation.voltagePu).toBeLessThan(1e-9);
  });
});
