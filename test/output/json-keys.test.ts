// JSON key convention (docs/outputs.md): every field key of every JSON output is camelCase with the
// unit as a suffix (welfareMu, p95DelayS, qtyKwh): no underscore, no dot, no colon. Keys of the
// listed data maps (K1..K10, VP ids, services, stages, event types, optimizer labels, protocols,
// regions, validator counts, sweep parameter paths) are data and exempt. This test has its own
// rule and its own list of the maps (it shares no code with src/output/json-keys.ts).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { camelKey, camelKeys } from '../../src/output/json-keys.js';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const FIELD = /^[a-z][a-zA-Z0-9]*$/;
const KPI_NAME = /^K([1-9]|10)$/;
/** Where keys are data, as path patterns over field keys ('*' = any key). */
const EXEMPT: string[][] = [
  ['kpis', '*', 'perVp'],
  ['kpis', '*', 'byService'],
  ['kpis', '*', 'byStage'],
  ['kpis', '*', 'byStage', '*'],
  ['metrics', 'optimizerComparison'],
  ['metrics', 'reliabilityPct'],
  ['metrics', 'consensusByM'],
  ['metrics', 'dtotalAtMaxNByM'],
  ['metrics', 'throughputAtMaxValidatorsTps'],
  ['metrics', 'throughputByValidatorsTps'],
  ['metrics', 'energySlopeKwhPerValidator'],
  ['metrics', 'settlement'],
  // sweep records: parameters and fixed settings keyed by their scenario field path
  ['runs', '*', 'params'],
  ['parameters'],
  ['set'],
  // ledger.jsonl: the Greek setpoint transaction's payload, keyed by agent id (cev:CEV3)
  ['setpointsKw'],
];
const exempt = (path: string[]) => EXEMPT.some((p) => p.length === path.length && p.every((x, i) => x === '*' || x === path[i]));

/** Every key that breaks the rule, as 'file: a.b.key'. `root` is where `value` sits (['kpis'] for kpi --json). */
function badKeys(value: unknown, file: string, root: string[] = []): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, [...path, '*']));
    if (v === null || typeof v !== 'object') return;
    const data = exempt(path);
    for (const [k, x] of Object.entries(v)) {
      const ok = data || FIELD.test(k) || (path.length === 1 && path[0] === 'kpis' && KPI_NAME.test(k));
      if (!ok) out.push(`${file}: ${[...path, k].join('.')}`);
      walk(x, [...path, k]);
    }
  };
  walk(value, root);
  return out;
}

const json = (s: string) => JSON.parse(s);
const file = (dir: string, name: string) => json(readFileSync(join(dir, name), 'utf8'));

describe('every JSON output: field keys in camelCase with the unit suffix', () => {
  const root = tempDir('json-keys-');
  const runs: Record<string, string[]> = {
    mm1: ['scenarios/demo/mm1.yaml', '--set', 'mm1.customers=2000'],
    greek: ['test/greek/fixtures/small.yaml'],
    gvp: ['scenarios/gvp/s1.yaml'],
    ledger: ['test/output/fixtures/ledger-all-kinds.yaml'],
    community: ['scenarios/community/faults.yaml', '--set', 'community.participants.households.count=12', '--set', 'community.time.intervals=16', '--set', 'community.faults.meterBlackouts=[{participant: h2, fromInterval: 2, toInterval: 7}]', '--set', 'community.faults.cheaters=[]', '--set', 'community.faults.collateralShortfall=[]', '--set', 'community.faults.kycExpiry=[]', '--set', 'community.faults.oracleDisagreement=[]', '--set', 'community.faults.lostChannelState=[]', '--set', 'community.faults.aggregatorBlackouts=[]', '--set', 'community.faults.priceSpikes=[]'],
  };
  const dirs: Record<string, string> = {};
  for (const [m, args] of Object.entries(runs)) {
    dirs[m] = join(root, m);
    const r = vpsim(['run', args[0], '--quiet', '--out', dirs[m], ...args.slice(1)]);
    if (r.code !== 0) throw new Error(`${m}: ${r.stderr}`);
  }

  for (const m of Object.keys(runs)) {
    it(`${m}: summary.json and run.json`, () => {
      expect(badKeys(file(dirs[m], 'summary.json'), `${m}/summary.json`)).toEqual([]);
      expect(badKeys(file(dirs[m], 'run.json'), `${m}/run.json`)).toEqual([]);
    });
  }

  it('community events.jsonl: every event field in camelCase (qtyKwh, not qty_kwh)', () => {
    const lines = readFileSync(join(dirs.community, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(100);
    const bad = lines.flatMap((l, i) => badKeys(json(l), `events.jsonl:${i + 1}`));
    expect(bad.slice(0, 10)).toEqual([]);
    const order = lines.map(json).find((e) => e.type === 'OrderSubmitted');
    expect(typeof order.qtyKwh).toBe('number');
    expect(typeof order.priceMuPerKwh).toBe('number');
  });

  it('ledger.jsonl of every model with a ledger: every block and transaction key (timeS, sizeBytes, submitTimeS, deadlineTimeS)', () => {
    const withLedger = Object.keys(runs).filter((m) => existsSync(join(dirs[m], 'ledger.jsonl')));
    expect(withLedger).toEqual(expect.arrayContaining(['greek', 'gvp', 'ledger', 'community']));
    for (const m of withLedger) {
      const lines = readFileSync(join(dirs[m], 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean);
      expect(lines.length, m).toBeGreaterThan(1);
      const bad = lines.flatMap((l, i) => {
        const b = json(l);
        // an inline payload that is JSON (a contract event) follows the rule as well
        const payloads = (b.txs as { payload?: string }[]).flatMap((t, k) => (typeof t.payload === 'string' && t.payload.startsWith('{') ? badKeys(json(t.payload), `${m} ledger.jsonl:${i + 1} tx ${k} payload`) : []));
        return [...badKeys(b, `${m} ledger.jsonl:${i + 1}`), ...payloads];
      });
      expect(bad.slice(0, 10)).toEqual([]);
      const b = json(lines[1]);
      expect(typeof b.timeS, m).toBe('number');
      expect(typeof b.sizeBytes, m).toBe('number');
      if (b.txs.length > 0) {
        expect(typeof b.txs[0].sizeBytes, m).toBe('number');
        expect(typeof b.txs[0].submitTimeS, m).toBe('number');
        expect('deadlineTimeS' in b.txs[0], m).toBe(true);
      }
    }
  });

  it('the old spellings are gone from the summaries (welfare_mu, p95Delay_s, qty_kwh-style, dotted timings)', () => {
    const all = Object.keys(runs).map((m) => readFileSync(join(dirs[m], 'summary.json'), 'utf8')).join('\n');
    for (const old of ['welfare_mu', 'tradedValue_mu', 'requested_kwh', 'saturationSim_tps', 'reliability_pct', 'demand_kwh', 'mae_kwh', 'peakRss_mb', 'solve.p50Ms', 'oracle.ms', 'optimizer.day:highs.ms']) expect(all).not.toContain(`"${old}"`);
    const g = file(dirs.gvp, 'summary.json');
    expect(typeof g.kpis.K1.welfareMu).toBe('number');
    expect(typeof g.kpis.K1.perVp.VP1.netMu).toBe('number');
    const c = file(dirs.community, 'summary.json');
    expect(typeof c.kpis.community.demandKwh).toBe('number');
    expect(typeof c.kpis.market.tradedKwh).toBe('number');
  });

  for (const m of ['greek', 'gvp', 'community']) {
    it(`${m}: vpsim kpi --json (and it still equals summary.json's kpis)`, () => {
      const r = vpsim(['kpi', dirs[m], '--json']);
      expect(r.code, r.stderr).toBe(0);
      const k = json(r.stdout);
      expect(badKeys(k, `${m} kpi --json`, ['kpis'])).toEqual([]);
      expect(k).toEqual(file(dirs[m], 'summary.json').kpis);
    });
  }

  it('vpsim diff --json (two models, so every metric and KPI appears on one side)', () => {
    const r = vpsim(['diff', dirs.gvp, dirs.greek, '--json']);
    expect(r.code).toBe(1);
    const d = json(r.stdout);
    expect(badKeys(d, 'diff --json')).toEqual([]);
    for (const e of [...d.metrics, ...d.kpis]) {
      // diff paths name summary keys: the same rule for every segment that is not data
      for (const seg of String(e.path).split('.')) expect(FIELD.test(seg) || KPI_NAME.test(seg) || /^VP\d+$|^[A-Z]|^\d+$|:/.test(seg), `${e.path}`).toBe(true);
    }
  });

  it('sweep.json and the per-run records of a sweep', () => {
    const out = join(root, 'sweep');
    const sw = join(root, 'mm1-sweep.yaml');
    writeFileSync(sw, `name: keys\nscenario: ${join(ROOT, 'scenarios/demo/mm1.yaml')}\nreplicates: 2\nset: { mm1.customers: 500, mm1.traceCustomers: 0 }\ndesign: grid\nparameters:\n  mm1.arrivalRatePerS: [0.5, 0.8]\n`);
    const r = vpsim(['sweep', sw, '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(badKeys(file(out, 'sweep.json'), 'sweep.json')).toEqual([]);
    const recs = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json'));
    expect(recs.length).toBeGreaterThan(0);
    for (const f of recs) expect(badKeys(file(join(out, 'runs'), f), `runs/${f}`)).toEqual([]);
  });

  it('vpsim bench --json', () => {
    const r = vpsim(['bench', 'kernel', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const b = json(r.stdout);
    // group names are data; the figures are field keys
    for (const [g, figures] of Object.entries(b)) expect(badKeys(figures, `bench ${g}`)).toEqual([]);
  }, 120_000);
});

describe('camelKey / camelKeys', () => {
  it('renames unit-suffixed keys and leaves camelCase ones', () => {
    expect(camelKey('welfare_mu')).toBe('welfareMu');
    expect(camelKey('p95Delay_s')).toBe('p95DelayS');
    expect(camelKey('qty_kwh')).toBe('qtyKwh');
    expect(camelKey('energySlope_kwh_per_validator')).toBe('energySlopeKwhPerValidator');
    for (const k of ['welfareMu', 'K1', 'VP1', 'day:highs', 'partial failure', 'DemandRequested', '4']) expect(camelKey(k)).toBe(k);
  });
  it('property: any snake field becomes a field key; applying twice changes nothing', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 1, maxLength: 4 }), (h, rest) => {
        const k = camelKey([h, ...rest].join('_'));
        expect(k).toMatch(FIELD);
        expect(camelKey(k)).toBe(k);
      })
    );
  });
  it('data maps keep their keys, their values are renamed; two keys that collide are an internal error', () => {
    const m = camelKeys({ reliability_pct: { high_load: 99 }, optimizerComparison: { 'day:highs': { gap_pct: 0 } } }, ['metrics']);
    expect(m).toEqual({ reliabilityPct: { high_load: 99 }, optimizerComparison: { 'day:highs': { gapPct: 0 } } });
    expect(() => camelKeys({ welfare_mu: 1, welfareMu: 2 })).toThrow(/two output keys/);
  });
});
