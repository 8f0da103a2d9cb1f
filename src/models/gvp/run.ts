// Builds the GVP world (VP, market, oracle, regulator and adversary agents over the contract layer)
// for one VP count, runs one horizon, and returns its records. KPIs are computed from the records
// only (src/kpi), each record accumulated once as its block is sealed; the run then keeps only the
// records' events.jsonl lines (off the JS heap) and the per-event ledger fields.
import { performance } from 'node:perf_hooks';
import type { KeyObject } from 'node:crypto';
import { GvpAdversaryAgent } from '../../agents/gvp/adversary.js';
import { GvpVpAgent } from '../../agents/gvp/vp.js';
import { MarketAgent } from '../../agents/gvp/market.js';
import { OracleAgent } from '../../agents/gvp/oracle.js';
import { RegulatorAgent } from '../../agents/gvp/regulator.js';
import { EventChain, type EventRecord, type LedgerLines } from '../../contracts/chain.js';
import { createRegistry, deriveKeyPair } from '../../contracts/identity.js';
import type { LineStore } from '../../contracts/line-store.js';
import { createContractState } from '../../contracts/state.js';
import type { Identity } from '../../contracts/types.js';
import { createLpSolver } from '../../optim/lp.js';
import { createRng } from '../../sim/rng.js';
import { Simulation } from '../../sim/simulation.js';
import { KpiAccumulator, type CommittedIndex, type Ev, type Kpis } from '../../kpi/index.js';
import type { GvpParams } from './schema.js';
import { expandVps, ruleChanges, ruleTable, type WorldVp } from '../../gvp/world.js';

export interface GvpRunResult {
  vps: WorldVp[];
  /** Number of lifecycle events. */
  eventCount: number;
  /** events.jsonl lines in seq order (off-heap: each made a string when read; `bytes()` gives the file). */
  eventLines: LineStore;
  /** The event records parsed back from their lines (made on each access: for tests and small runs). */
  readonly events: EventRecord[];
  /** K1-K10 accumulated as the blocks were sealed (each record once, in seq order), K9 from the run's own bookkeeping. */
  kpis: Kpis;
  /** ledger.jsonl lines as exported (dropped blocks left out), made one at a time as iterated. */
  ledger: LedgerLines;
  /** The same lines as an array of strings (made on each access: for tests and small runs). */
  readonly ledgerLines: string[];
  /** The run's own record of which event is in which exported block (K9 without re-hashing). */
  committed: CommittedIndex;
  droppedBlocks: number[];
  reputation: Map<string, number>;
  /** Registered identities with their public keys (identities.csv: what event signatures verify against). */
  identities: Identity[];
  lp: { solves: number; ms: number; maxCols: number; welfare: number };
  simEvents: number;
  wallMs: number;
  /** Wall-clock ms spent in the KPI accumulation (inside wallMs). */
  kpiMs: number;
  peakRssMb: number;
  peakHeapMb: number;
}

const FOREVER = Number.MAX_SAFE_INTEGER;

function scaleSeries(s: WorldVp['envelopeSeries'], k: number): WorldVp['envelopeSeries'] {
  const out: WorldVp['envelopeSeries'] = {};
  for (const [svc, xs] of Object.entries(s ?? {})) out[svc as keyof typeof out] = xs!.map((x) => Math.floor(x * k));
  return out;
}

export async function runGvpWorld(g: GvpParams, seed: number, nested?: Map<string, WorldVp['envelopeSeries']>): Promise<GvpRunResult> {
  const t0wall = performance.now();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const slot_s = g.horizon.slot_s;
  const t0 = Math.ceil(Math.max(g.market.open_s, g.market.lead_s) + 1);
  const vps = expandVps(g, seed).map((v) => (nested?.has(v.archetype) ? { ...v, envelopeSeries: scaleSeries(nested.get(v.archetype)!, v.size) } : v));
  const oracleIds = Array.from({ length: g.oracles.count }, (_, i) => `oracle:${i}`);
  // identities: deterministic Ed25519 keys from the seed
  const keys = new Map<string, KeyObject>();
  const identities: Identity[] = [];
  const market = deriveKeyPair(seed, 'market');
  keys.set('market', market.privateKey);
  identities.push({ id: 'market', kind: 'market', jurisdiction: '-', publicKeyHex: market.publicKeyHex, kycFrom: 0, kycUntil: FOREVER });
  for (const v of vps) {
    const kp = deriveKeyPair(seed, v.id);
    keys.set(v.id, kp.privateKey);
    const until = v.identity.kycUntilSlot === null ? FOREVER : t0 + v.identity.kycUntilSlot * slot_s;
    identities.push({ id: v.id, kind: 'vp', jurisdiction: v.jurisdiction, publicKeyHex: kp.publicKeyHex, kycFrom: v.identity.kycFromSlot === 0 ? 0 : t0 + v.identity.kycFromSlot * slot_s, kycUntil: until });
  }
  for (const o of oracleIds) {
    const kp = deriveKeyPair(seed, o);
    keys.set(o, kp.privateKey);
    identities.push({ id: o, kind: 'oracle', jurisdiction: '-', publicKeyHex: kp.publicKeyHex, kycFrom: 0, kycUntil: FOREVER });
  }
  const state = createContractState({
    registry: createRegistry(identities),
    rules: ruleTable(g),
    jurisdictionOf: new Map(vps.map((v) => [v.id, v.jurisdiction])),
    window: { t0, slot_s, slots: g.horizon.slots, open_s: g.market.open_s, gate_s: g.market.gate_s, settle_s: g.settlement.delay_s },
    collateralRatio: g.settlement.collateralRatio,
    initialReputation: g.reputation.initial,
  });
  // ledger faults: lost blocks are left out of the export, each block's fate drawn as it is sealed
  // (one draw per height in order); the KPIs take each block's records as it is sealed, so the
  // run keeps only their events.jsonl lines
  const frng = createRng(seed, 'gvp:faults');
  const drop = new Set<number>(g.faults.dropBlocks);
  const kpiAcc = new KpiAccumulator();
  let kpiMs = 0;
  const onSealed = (h: number, recs: readonly EventRecord[]) => {
    if (frng.bernoulli(g.faults.dropBlockProb)) drop.add(h);
    const exported = !drop.has(h);
    const k0 = performance.now();
    for (const r of recs) kpiAcc.add(r as unknown as Ev, exported);
    kpiMs += performance.now() - k0;
  };
  const chain = new EventChain({ seed, validators: g.ledger.validators, maxTxPerBlock: g.ledger.maxTxPerBlock, keys, signEvents: g.ledger.signEvents, spillLines: true }, onSealed);
  const solver = await createLpSolver(g.market.lpBackend);
  const sim = new Simulation({ seed });
  const sec = g.security;
  const attacks = sec.forgedPerSlot + sec.replayPerSlot + sec.unregisteredPerSlot + sec.rogueOraclePerSlot > 0;
  const m = sim.add(
    new MarketAgent({
      g,
      t0,
      solver,
      state,
      chain,
      oracleIds,
      verify: { quorum: g.oracles.quorum, accuracy: g.oracles.accuracy, maxAge_s: g.oracles.maxAge_s, rangeTolerance: g.oracles.rangeTolerance },
      settle: { underPenalty: g.settlement.underPenalty, overPenalty: g.settlement.overPenalty, overTolerance: g.settlement.overTolerance, minDeliveryRatio: g.settlement.minDeliveryRatio, reputationAlpha: g.reputation.alpha },
      publishRegistrations: attacks,
    })
  );
  // identity changes name archetypes: they apply to every VP of the archetype
  const idChanges = g.identityChanges.flatMap((c) => vps.filter((v) => v.archetype === c.vp).map((v) => ({ t: t0 + c.atSlot * slot_s, vp: v.id, action: c.action })));
  sim.add(new RegulatorAgent({ market: m.index, ruleChanges: ruleChanges(g, t0), identityChanges: idChanges }));
  const o = g.oracles;
  const oracleIdx = oracleIds.map(
    (id) =>
      sim.add(
        new OracleAgent(id, {
          params: { noiseSd: o.noiseSd, failureProb: o.failureProb, latencyMean_s: o.latencyMean_s, deadline_s: o.deadline_s, staleProb: o.staleProb, staleAge_s: o.staleAge_s, glitchProb: o.glitchProb, miscalibrationProb: o.miscalibrationProb, miscalibration: o.miscalibration },
          key: keys.get(id)!,
          market: m.index,
          t0,
          slot_s,
          slots: g.horizon.slots,
          latencyMean_s: g.market.latencyMean_s,
        })
      ).index
  );
  for (const v of vps) sim.add(new GvpVpAgent({ spec: v, g, t0, key: keys.get(v.id)!, market: m.index, oracles: oracleIdx }));
  if (attacks) sim.add(new GvpAdversaryAgent({ g, t0, key: deriveKeyPair(seed, 'adversary').privateKey, market: m.index, vpIds: vps.map((v) => v.id) }));
  // run slot by slot (memory sampling between slots)
  const end = t0 + (g.horizon.slots + 1) * slot_s + g.settlement.delay_s + 1;
  for (let t = slot_s; t < end + slot_s; t += slot_s) {
    sim.run(Math.min(t, end));
    sample();
  }
  sim.run();
  chain.seal(sim.now);
  sim.finish();
  sample();
  const ledger = chain.exportLines(drop);
  const committed = committedIndex(chain, drop, ledger.length);
  const k0 = performance.now();
  const kpis = kpiAcc.result(committed);
  kpiMs += performance.now() - k0;
  sample();
  return {
    vps,
    eventCount: chain.count,
    eventLines: chain.eventLines(),
    get events() {
      return [...chain.eventLines()].map((l) => JSON.parse(l) as EventRecord);
    },
    kpis,
    ledger,
    get ledgerLines() {
      return [...ledger];
    },
    committed,
    droppedBlocks: [...drop].filter((h) => h < chain.blockCount).sort((a, b) => a - b),
    reputation: state.reputation,
    identities,
    lp: m.lp,
    simEvents: sim.eventsProcessed,
    wallMs: performance.now() - t0wall,
    kpiMs,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
  };
}

/**
 * The chain's own bookkeeping as a K9 index: event seq s is in block h when h is exported and s lies
 * in h's range of sequence numbers (each block was sealed from the digests computed at emit). The
 * exported blocks verify by construction (nothing alters them in a run), so none is invalid; a
 * height below the last exported one that was dropped counts as missing, as in the file check.
 */
function committedIndex(chain: EventChain, drop: ReadonlySet<number>, exported: number): CommittedIndex {
  const L = chain.blockCount;
  const first = chain.firstSeq;
  const n = chain.count;
  let maxH = L - 1;
  while (maxH > 0 && drop.has(maxH)) maxH--;
  return {
    holds: (e) => {
      const h = e.block;
      return Number.isInteger(h) && h >= 1 && h < L && !drop.has(h) && e.seq >= first[h] && e.seq < (h + 1 < L ? first[h + 1] : n);
    },
    blocks: exported,
    invalid: 0,
    missing: Math.max(0, maxH + 1 - exported),
  };
}
