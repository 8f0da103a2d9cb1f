// Synthetic run records in the column layout the figure modules read (docs/figures.md). They test
// the figure code and document the contract; they are not model results.
import type { Row } from '../../src/sim/recorder.js';
import type { RunRecords, RunSet } from '../../src/reproduce/types.js';

function rec(name: string, tables: Record<string, Row[]>, metrics: Record<string, unknown> = {}, kpis: Record<string, unknown> = {}, timings: Record<string, number> = {}): RunRecords {
  return { name, summary: { scenario: name, seed: 1, kpis, metrics, timings }, tables };
}

const CITIES = ['Athens', 'Thessaloniki', 'Chania', 'Heraklion'];

function greek(sc: 1 | 2): RunRecords {
  const ts: Row[] = [];
  for (let k = 1; k <= 276; k++) {
    const t = 3600 + (k - 1) * 300;
    const h = t / 3600;
    const price = h >= 7.5 && h < 9 ? 0.24 : h >= 18.5 && h < 19 ? 0.26 : h < 7 ? 0.06 : 0.13;
    const v2g = sc === 1 && ((h >= 7.5 && h < 9) || (h >= 18.5 && h < 19)) ? 300 : 0;
    const inWindow = h >= 15.5 && h < 18.5;
    const p = sc === 1 ? (inWindow ? 2500 : 1500 + 500 * Math.sin(h / 3)) - v2g : 1800 + 1600 * Math.sin((Math.PI * (h - 6)) / 18);
    const row: Row = {
      t_s: t, price_mu_per_kwh: price,
      obligation_min_kw: inWindow ? 2000 : null, obligation_max_kw: inWindow ? 3000 : null,
      vp_scheduled_kw: p + 20 * Math.cos(k), vp_dayahead_kw: p + 50, vp_realtime_kw: p, charge_kw: p + v2g, discharge_kw: v2g,
      soc_mean: Math.min(0.9, 0.3 + 0.002 * k), soc_min: 0.3, soc_max: Math.min(0.95, 0.35 + 0.003 * k),
    };
    for (const [i, c] of CITIES.entries()) {
      row[`p_${c.toLowerCase()}_kw`] = (p * (4 - i)) / 10;
      if (sc === 1) row[`base_${c.toLowerCase()}_kw`] = (4 - i) * 1000 * (1 + 0.3 * Math.sin(h / 4));
      row[`vmin_${c.toLowerCase()}_pu`] = 1 - 0.01 * (i + 1) * (sc === 2 ? 2 : 1) * (1 + Math.sin(h / 5));
      row[`vmax_${c.toLowerCase()}_pu`] = 1;
    }
    ts.push(row);
  }
  const ev: Row[] = [];
  for (let e = 0; e < 40; e++) ev.push({ ev: `ev${e}`, soc_init: 0.3, soc_target: 0.9, soc_final: e % (sc === 1 ? 20 : 5) === 0 ? 0.7 : 0.9, reached_target: e % (sc === 1 ? 20 : 5) !== 0 });
  const optimizers: Row[] = ['day', 'small'].flatMap((instance) => [
    { instance, solver: 'highs', status: 'optimal', clusters: 10, intervals: 276, objective_mu: 3800, gap_pct: 0, max_violation: 0 },
    { instance, solver: 'jslp', status: instance === 'day' ? 'skipped' : 'optimal', clusters: 10, intervals: 276, objective_mu: 3800, gap_pct: 0, max_violation: 0 },
    { instance, solver: 'pso', status: 'heuristic', clusters: 10, intervals: 276, objective_mu: 3950, gap_pct: 3.9, max_violation: 3.5 },
  ]);
  return rec(`greek-sc${sc}`, { timeseries: ts, ev, optimizers }, {
    totalCostMu: sc === 1 ? 3800 : 4280,
    voltageViolatingBusIntervals: sc === 1 ? 0 : 57,
    decisionLatencyMs: { p95: 800 },
    ledger: { decisionToFinalityS: { p50: 1.1, p95: 1.2 } },
  }, {}, { optimizerDayHighsMs: 400, optimizerDayPsoMs: 8000, optimizerSmallHighsMs: 5, optimizerSmallJslpMs: 30, optimizerSmallPsoMs: 120 });
}

function ledger(): RunSet {
  const delay: Row[] = [];
  const consensus: Row[] = [];
  for (const c of [1, 1.5, 2]) for (let m = 2; m <= 10; m++) for (const n of [1000, 2000, 5000, 10000]) delay.push({ n_tx: n, m, c, d_total_s: (n * c * 0.004) / m + 0.3 * m, d_theory_s: (n * c * 0.004) / m + 0.28 * m });
  for (let m = 2; m <= 10; m++) consensus.push({ m, consensus_s: 0.2 + 0.05 * m, consensus_theory_s: 0.19 + 0.05 * m });
  const distribution: Row[] = [];
  for (let s = 0; s < 288; s++) for (let v = 1; v <= 4; v++) distribution.push({ slot: s, validator: `B/A ${v}`, tx: 100 + ((s * 7 + v * 13) % 50) });
  const ramp: Row[] = [];
  for (let i = 0; i <= 60; i++) ramp.push({ t_s: i * 60, throughput_tps: 75 + 2.5 * i, validation_s: 2.5 + i / 25, block_kb: 200 + 20 * i });
  const reliability = ['normal load', 'high load', 'partial network failure', 'increased transactions', 'high load with failures'].map((region, i) => ({ region, reliability_pct: [99, 90, 85, 85, 70][i] }));
  const pso = [10, 50, 100, 200].map((iterations) => ({ iterations, time_s: iterations * 0.05 }));
  const storage = [1000, 5000, 10000].map((n_tx) => ({ n_tx, storage_kb: n_tx * 0.4 }));
  const comparators: Row[] = [];
  for (const protocol of ['PoA', 'PoS', 'PoW']) for (const v of [4, 8, 16]) comparators.push({ protocol, validators: v, scalability_index: 1 / v, energy_kwh: protocol === 'PoW' ? 100 * v : v, latency_s: protocol === 'PoW' ? 600 : 2, throughput_tps: protocol === 'PoA' ? 450 : 50 });
  const latency_vs_tx = ['PoA', 'PoW'].flatMap((protocol) => [100, 1000].map((n_tx) => ({ protocol, n_tx, latency_s: n_tx / 100 })));
  const throughput_vs_load = ['PoA', 'PoW'].flatMap((protocol) => [100, 500].map((load_tps) => ({ protocol, load_tps, throughput_tps: Math.min(load_tps, protocol === 'PoA' ? 450 : 10) })));
  const day: Row[] = [];
  for (let s = 0; s < 288; s++) day.push({ t_s: s * 300, incoming_tx: 5000 + s, capacity_tx: 12000, queue_tx: 0, processed_tx: 5000 + s });
  return {
    'ledger-delay': rec('ledger-delay', { delay, consensus }),
    'ledger-theory-grid': rec('ledger-theory-grid', {
      theory_grid: [
        { condition: 'M=4 C=1 100 tx/s', kind: 'stream', sim_mean_s: 2.5, theory_mean_s: 2.3, mean_err_pct: -8, sim_p95_s: 4.4, theory_p95_s: 4.2, p95_err_pct: -5, sim_miss_pct: 1, theory_miss_pct: 1.2, miss_err_pp: 0.2 },
        { condition: 'burst M=4 C=1 N=2000', kind: 'burst', sim_mean_s: 4.2, theory_mean_s: 4.2, mean_err_pct: 0, sim_p95_s: 4.2, theory_p95_s: 4.2, p95_err_pct: 0, sim_miss_pct: null, theory_miss_pct: null, miss_err_pp: null },
      ],
      theory_saturation: [{ condition: 'M=4 C=1', m: 4, c: 1, sim_saturation_tps: 535, theory_saturation_tps: 570, saturation_err_pct: 6.5 }],
    }),
    'ledger-throughput': rec('ledger-throughput', {
      throughput: [75, 150, 300, 400].map((offered_tps) => ({ offered_tps, served_tps: Math.min(offered_tps, 236), served_steady_tps: Math.min(offered_tps, 262), theory_served_tps: Math.min(offered_tps, 274) })),
      queue: [0, 60, 120].map((t_s, i) => ({ t_s, offered_tps: 100 + 100 * i, served_tps: Math.min(100 + 100 * i, 236), theory_served_tps: 100, queue_tx: 1000 * i })),
    }, { saturationSimTps: 262, saturationTheoryTps: 274 }),
    'ledger-distribution': rec('ledger-distribution', { tx_per_validator: distribution }),
    'ledger-ramp': rec('ledger-ramp', { ramp }),
    'ledger-reliability': rec('ledger-reliability', { reliability }),
    'ledger-reliability-knee': rec('ledger-reliability-knee', { reliability: [200, 300, 340, 400].map((l, i) => ({ region: `${l} tx/s`, transactions: 1000, reliability_pct: [100, 99.5, 93, 74][i] })) }),
    'ledger-complexity': rec('ledger-complexity', { consensus, storage, pso }),
    'ledger-comparators': rec('ledger-comparators', { comparators, latency_vs_tx, throughput_vs_load }, { poaSustainedTps: 450 }),
    'ledger-day': rec('ledger-day', { day }, { maxProcessedPerSlot: 10200, decisionWithLedgerS: 62, decisionWithoutLedgerS: 60 }),
  };
}

function gvp(): RunSet {
  const k = (succ: number) => ({ K2: { coverage: 0.9 }, K6: { rate: 0.05 }, K7: { successRate: succ }, K8: { failureRate: 0.02 }, K9: { traceabilityRatio: 1 }, K10: { coverage: 0.88 } });
  const scale = [7, 70, 700, 2000].map((n_vps, i) => ({ n_vps, lp_time_s: 0.01 * n_vps, wall_s: 0.1 * n_vps, memory_mb: 50 + n_vps / 10, settlement_success_pct: 93 + i }));
  return {
    'gvp-s1': rec('s1', {}, {}, k(1)),
    'gvp-s2': rec('s2', {}, {}, k(0.97)),
    'gvp-s3': rec('s3', {}, {}, k(0.95)),
    'gvp-s4': rec('s4', {}, {}, k(0.93)),
    'gvp-scale': rec('scale', { scale }),
  };
}

function community(): RunSet {
  const intervals: Row[] = [];
  for (let k = 0; k < 96; k++) {
    const h = k / 4;
    intervals.push({ interval: k, hour: h, retail_mu_per_kwh: h < 7 ? 0.12 : 0.2, spot_mu_per_kwh: 0.1, clearing_price_mu_per_kwh: h > 8 && h < 18 ? 0.15 : null, traded_kwh: h > 8 && h < 18 ? 5 : 0, import_kwh: 100, export_kwh: 2, grid_only_import_kwh: 104, grid_only_export_kwh: 6 });
  }
  const participants: Row[] = Array.from({ length: 20 }, (_, i) => ({ participant: `h${i + 1}`, kind: 'household', cost_mu: 5 - i / 10, same_energy_grid_only_cost_mu: 5, savings_vs_grid_only_mu: i / 10 }));
  const bidcurve: Row[] = [
    { interval: 48, side: 'bids (demand)', from_kwh: 0, to_kwh: 2, price_mu_per_kwh: 0.25 },
    { interval: 48, side: 'bids (demand)', from_kwh: 2, to_kwh: 3, price_mu_per_kwh: 0.18 },
    { interval: 48, side: 'asks (supply)', from_kwh: 0, to_kwh: 1.5, price_mu_per_kwh: 0.08 },
    { interval: 48, side: 'asks (supply)', from_kwh: 1.5, to_kwh: 4, price_mu_per_kwh: 0.2 },
  ];
  const incidents: Row[] = [{ t_s: 40000, hour: 10.5, kind: 'penalty', participant: 'h3', interval: 42 }, { t_s: 50000, hour: 13.4, kind: 'dispute', participant: 'h12', interval: 50 }];
  const kpis = (p2p: number) => ({ community: { selfSufficiency: 0.3 + p2p, selfConsumption: 0.9, p2pShareOfDemand: p2p }, market: { tradedKwh: 100 * p2p }, settlement: { successRate: 0.99 }, economics: { giniSavings: 0.5 } });
  const out: RunSet = {};
  for (const [key, p2p] of [['community-grid-only', 0], ['community-spot', 0.03], ['community-uniform', 0.04], ['community-pay-as-bid', 0.035], ['community-cda', 0.038]] as const) out[key] = rec(key, { intervals, participants, bidcurve }, {}, kpis(p2p));
  out['community-faults'] = rec('community-faults', { intervals, participants, incidents }, {}, kpis(0.04));
  return out;
}

export function mm1(): RunRecords {
  const queue: Row[] = [];
  for (let i = 0; i < 500; i++) queue.push({ t_s: i * 100, queue_length: (i * 37) % 23, busy: true, served: i * 90 });
  return rec('mm1', { queue }, { meanWaitS: 9.1, theory: { rho: 0.9 } });
}

/** A seed study (sweep pin): one row per run, SC1 and SC2 paired by replicate. */
function greekSeeds(): RunRecords {
  const runs: Row[] = [];
  for (let k = 0; k < 10; k++) {
    for (const [mode, cost, share] of [['sc1', 3800 + 10 * k, 0.85], ['sc2', 4280 + 5 * k, 0.8]] as const) {
      runs.push({ runId: `${mode}-${k}`, replicate: k, seed: 100 + k, status: 'ok', 'greek.mode': mode, 'metrics.totalCostMu': cost, 'metrics.costPerKwhDeliveredMu': cost / 24000, 'metrics.evsReachingTargetShare': share });
    }
  }
  return rec('greek-seeds', { runs });
}

export function allRuns(): RunSet {
  return { mm1: mm1(), 'greek-sc1': greek(1), 'greek-sc2': greek(2), 'greek-seeds': greekSeeds(), ...ledger(), ...gvp(), ...community() };
}
