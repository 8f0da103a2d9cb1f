// Small scheduling problems for the LP tests: T one-hour intervals at a flat price, no obligations,
// no voltage rows; each test overrides what it is about.
import type { ClusterEnvelope, SchedulingProblem } from '../../src/optim/schedule.js';

export function flatCluster(T: number, over: Partial<ClusterEnvelope> = {}): ClusterEnvelope {
  return {
    id: 'c',
    pChMaxKw: new Float64Array(T).fill(20),
    pDisMaxKw: new Float64Array(T).fill(20),
    eLowKwh: new Float64Array(T),
    eHighKwh: new Float64Array(T).fill(40),
    etaCh: 1,
    etaDis: 1,
    ...over,
  };
}

export function flatProblem(T: number, clusters: ClusterEnvelope[], over: Partial<SchedulingProblem> = {}): SchedulingProblem {
  return {
    T,
    dtH: 1,
    priceMuPerKwh: new Float64Array(T).fill(0.1),
    degradationMuPerKwh: 0,
    clusters,
    pMinKw: new Float64Array(T).fill(-Infinity),
    pMaxKw: new Float64Array(T).fill(Infinity),
    obligationPenaltyMuPerKwh: null,
    voltageRows: [],
    ...over,
  };
}
