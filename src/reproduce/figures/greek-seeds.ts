// The Greek conclusions over seeds: SC1 against SC2 on the default day, 10 seeds, paired by
// replicate (both scenarios of a replicate run with the same seed: common random numbers). For
// each quantity the table gives the mean over the seeds and a two-sided 95% Student-t interval
// for it, mean ± t(0.975, n-1) · s/√n with s the sample standard deviation of the n per-seed
// values (src/util/stats.ts meanInterval). The per-seed values:
//   cost reduction, total          100 · (1 - cost_SC1 / cost_SC2)                 %
//   cost reduction per kWh         100 · (1 - costPerKwh_SC1 / costPerKwh_SC2)     %
//   EVs at target, SC1 and SC2     100 · evsReachingTargetShare                    %
//   EVs at target, SC1 minus SC2   difference of the two shares                    points
// A replicate in which either run failed is left out (n counts the pairs used).
import type { Row } from '../../sim/recorder.js';
import { meanInterval, type MeanInterval } from '../../util/stats.js';
import { MissingData, type Measure, type ReproItem, type RunSet } from '../types.js';

export const SEEDS_KEY = 'greek-seeds';
const MODE = 'greek.mode';

interface Pair {
  replicate: number;
  seed: number;
  sc1: Row;
  sc2: Row;
}

function num(r: Row, k: string): number {
  const v = r[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MissingData(`seed study: run ${String(r.runId)} has no number ${k}`);
  return v;
}

/** The replicates in which both SC1 and SC2 finished. */
export function seedPairs(runs: RunSet): Pair[] {
  const rec = runs[SEEDS_KEY];
  if (!rec) throw new MissingData(`no run '${SEEDS_KEY}'`);
  const rows = rec.tables.runs;
  if (!rows || rows.length === 0) throw new MissingData(`run '${SEEDS_KEY}' has no table runs`);
  const by = new Map<number, { seed: number; sc1?: Row; sc2?: Row }>();
  for (const r of rows) {
    if (r.status !== 'ok') continue;
    const rep = Number(r.replicate);
    const e = by.get(rep) ?? { seed: Number(r.seed) };
    if (r[MODE] === 'sc1') e.sc1 = r;
    else if (r[MODE] === 'sc2') e.sc2 = r;
    by.set(rep, e);
  }
  const pairs = [...by.entries()].filter(([, e]) => e.sc1 && e.sc2).map(([replicate, e]) => ({ replicate, seed: e.seed, sc1: e.sc1!, sc2: e.sc2! }));
  if (pairs.length < 2) throw new MissingData(`seed study: ${pairs.length} complete SC1/SC2 pair(s); an interval needs at least 2`);
  return pairs.sort((a, b) => a.replicate - b.replicate);
}

interface Quantity {
  id: string;
  quantity: string;
  unit: string;
  perSeed: (p: Pair) => number;
}

export const SEED_QUANTITIES: Quantity[] = [
  { id: 'reduction', quantity: 'cost reduction SC1 vs SC2, total', unit: '%', perSeed: (p) => 100 * (1 - num(p.sc1, 'metrics.totalCostMu') / num(p.sc2, 'metrics.totalCostMu')) },
  { id: 'reductionPerKwh', quantity: 'cost reduction SC1 vs SC2, per kWh delivered', unit: '%', perSeed: (p) => 100 * (1 - num(p.sc1, 'metrics.costPerKwhDeliveredMu') / num(p.sc2, 'metrics.costPerKwhDeliveredMu')) },
  { id: 'evsAtTarget.sc1', quantity: 'EVs at target SoC on departure, SC1', unit: '%', perSeed: (p) => 100 * num(p.sc1, 'metrics.evsReachingTargetShare') },
  { id: 'evsAtTarget.sc2', quantity: 'EVs at target SoC on departure, SC2', unit: '%', perSeed: (p) => 100 * num(p.sc2, 'metrics.evsReachingTargetShare') },
  { id: 'evsAtTarget.diff', quantity: 'EVs at target SoC, SC1 minus SC2', unit: 'points', perSeed: (p) => 100 * (num(p.sc1, 'metrics.evsReachingTargetShare') - num(p.sc2, 'metrics.evsReachingTargetShare')) },
];

export function seedInterval(runs: RunSet, id: string): MeanInterval {
  const q = SEED_QUANTITIES.find((x) => x.id === id);
  if (!q) throw new Error(`no seed quantity ${id}`);
  return meanInterval(seedPairs(runs).map(q.perSeed), 0.95);
}

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : 'n/a');
/** "95% CI [a, b] over n seeds (t-interval)": the note of a paper-vs-sim row. */
export const intervalNote = (iv: MeanInterval) => `mean over ${iv.n} seeds; 95% t-interval [${fmt(iv.low)}, ${fmt(iv.high)}] (tables/greek-seeds.csv)`;

export const greekSeedItems: ReproItem[] = [
  {
    id: 'greek-seeds',
    kind: 'table',
    family: 'greek',
    paperRef: 'Energies 2025, Sec. 6 (over seeds)',
    title: 'SC1 vs SC2 over 10 seeds: mean and 95% interval',
    runs: [SEEDS_KEY],
    table(runs) {
      const pairs = seedPairs(runs);
      return SEED_QUANTITIES.map((q): Row => {
        const iv = meanInterval(pairs.map(q.perSeed), 0.95);
        return { quantity: q.quantity, unit: q.unit, seeds: iv.n, mean: iv.mean, sd: iv.sd, t_quantile: iv.t, ci95_low: iv.low, ci95_high: iv.high, min: Math.min(...pairs.map(q.perSeed)), max: Math.max(...pairs.map(q.perSeed)) };
      });
    },
  },
];

const noted = (id: string): Measure => (runs) => {
  const iv = seedInterval(runs, id);
  return { value: iv.mean, note: intervalNote(iv) };
};

export const greekSeedMeasures: Record<string, Measure> = Object.fromEntries(SEED_QUANTITIES.map((q) => [`greek.seeds.${q.id}`, noted(q.id)]));
