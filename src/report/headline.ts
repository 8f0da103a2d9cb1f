// The few results that matter for each model, with units, for the console after `vpsim run` and
// the top of the HTML report. Everything else stays in summary.json and the report's tables.

export interface HeadlineRow {
  label: string;
  value: string;
  unit: string;
  /** What the number means, when the unit alone does not say. */
  note?: string;
}

type Obj = Record<string, unknown>;

const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Obj)[k] : undefined), o);
const num = (o: unknown, ...paths: string[]): number | undefined => {
  for (const p of paths) {
    const v = at(o, p);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
};
/** 4 significant digits, integers as they are, thousands separated. */
export function fmt(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(4)).toString();
}
const pct = (share: number) => fmt(100 * share);

/** Which model a summary came from, when the scenario is not at hand. */
export function guessModel(s: { metrics?: Obj; kpis?: Obj }): string | undefined {
  const m = s.metrics ?? {};
  if ('meanWaitS' in m) return 'mm1';
  if ('totalCostMu' in m) return 'greek';
  if ('experiments' in m) return 'ledger';
  if ('lifecycleEvents' in m) return 'gvp';
  return undefined;
}

export function headline(model: string | undefined, s: { metrics?: Obj; kpis?: Obj }): HeadlineRow[] {
  const m = s.metrics ?? {};
  const k = s.kpis ?? {};
  const rows: HeadlineRow[] = [];
  const add = (label: string, v: number | undefined, unit: string, note?: string, show: (x: number) => string = fmt) => {
    if (v !== undefined) rows.push({ label, value: show(v), unit, ...(note ? { note } : {}) });
  };
  switch (model ?? guessModel(s)) {
    case 'mm1': {
      const wq = num(m, 'theory.meanWaitS');
      add('mean wait in queue', num(m, 'meanWaitS'), 's', wq !== undefined ? `theory Wq = rho/(mu - lambda) = ${fmt(wq)} s` : undefined);
      add('utilization', num(m, 'utilization'), '%', `theory rho = ${fmt(100 * (num(m, 'theory.rho') ?? NaN))}%`, pct);
      add('customers served', num(m, 'customersServed'), 'count');
      break;
    }
    case 'greek': {
      add('total charging cost', num(m, 'totalCostMu'), 'm.u.', 'monetary units: the prices of the scenario are in m.u. per kWh (the paper does not name a currency)');
      const evs = num(m, 'evs');
      const hit = num(m, 'evsReachingTarget');
      if (hit !== undefined) rows.push({ label: 'EVs at target SoC on departure', value: evs ? `${fmt(hit)} of ${fmt(evs)} (${pct(hit / evs)}%)` : fmt(hit), unit: 'count' });
      const oi = num(m, 'obligationIntervals');
      add('obligation violations', num(m, 'obligationViolatingIntervals'), 'intervals', oi !== undefined ? `of ${fmt(oi)} intervals with an obligation` : undefined);
      add('voltage violations', num(m, 'voltageViolatingBusIntervals'), 'bus-intervals', 'bus voltage outside [vMinPu, vMaxPu]');
      add('V2G energy discharged', num(m, 'v2gEnergyKwh'), 'kWh');
      add('V2G revenue', num(m, 'v2gRevenueMu'), 'm.u.');
      break;
    }
    case 'gvp': {
      add('K7 settlement success', num(k, 'K7.successRate'), '%', 'settled / attempted contracts', pct);
      add('K1 welfare', num(k, 'K1.welfareMu', 'K1.welfare_mu'), 'm.u.', 'value to buyers minus provider cost and fees (monetary units)');
      add('K8 oracle failure rate', num(k, 'K8.failureRate'), '%', 'failed / all oracle verifications', pct);
      add('K9 traceability', num(k, 'K9.traceabilityRatio'), '%', 'trades whose lifecycle is complete on the ledger', pct);
      add('VPs', num(m, 'vps'), 'count');
      break;
    }
    case 'ledger': {
      const tx = num(m, 'transactions', 'submitted');
      add('transactions', tx, 'count');
      add('throughput', num(m, 'poaSustainedTps', 'capacityTheory_tps', 'capacityTheoryTps'), 'TPS', num(m, 'poaSustainedTps') !== undefined ? 'sustained PoA throughput' : 'modelled capacity');
      const ramp = at(m, 'throughput_tps') ?? at(m, 'throughputTps');
      if (Array.isArray(ramp) && ramp.length === 2) rows.push({ label: 'throughput, ramp start -> end', value: `${fmt(ramp[0] as number)} -> ${fmt(ramp[1] as number)}`, unit: 'TPS' });
      add('D_total p95', num(m, 'p95Delay_s', 'p95DelayS'), 's', 'submission to finality, 95th percentile');
      const onTime = num(m, 'finalOnTime');
      if (onTime !== undefined && tx) add('reliability', onTime / tx, '%', 'share final by its deadline', pct);
      const rel = at(m, 'reliability_pct') ?? at(m, 'reliabilityPct');
      if (rel && typeof rel === 'object') for (const [region, v] of Object.entries(rel as Obj)) if (typeof v === 'number') add(`reliability, ${region}`, v, '%');
      add('consensus vs M, linear R^2', num(m, 'consensusR2LinearInM'), '-');
      break;
    }
    default:
      break;
  }
  if (rows.length === 0) {
    // unknown model: the first few numeric metrics, so something useful is shown
    for (const [key, v] of Object.entries(m).slice(0, 8)) if (typeof v === 'number') rows.push({ label: key, value: fmt(v), unit: '' });
  }
  return rows;
}

/** "7.654 s" for a duration in ms. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
}
