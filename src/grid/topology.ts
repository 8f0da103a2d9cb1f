// Checks a feeder and prepares it once for many solves: buses in breadth-first order from the slack,
// each with its parent and the series impedance to it, in typed arrays (p.u.).
import { InputError } from '../util/errors.js';
import { branchPath, busPath } from './paths.js';
import type { Feeder } from './types.js';

export interface PreparedFeeder {
  readonly feeder: Feeder;
  /** Number of buses. */
  readonly n: number;
  /** Bus ids in feeder (file) order. */
  readonly busIds: readonly number[];
  /** Bus id -> index in feeder order. */
  readonly indexOfBus: ReadonlyMap<number, number>;
  /** order[k] = feeder index of the bus at sweep position k; order[0] is the slack. */
  readonly order: Int32Array;
  /** Sweep position of the parent of position k (-1 for the slack); always < k. */
  readonly parentPos: Int32Array;
  /** Feeder branch index joining position k to its parent (-1 for the slack). */
  readonly branchOfPos: Int32Array;
  /** 1 when that branch is written child -> parent in the file (its `from` end is downstream). */
  readonly reversedOfPos: Uint8Array;
  /** Series impedance from the parent to position k, p.u. */
  readonly rPu: Float64Array;
  readonly xPu: Float64Array;
  /** Per feeder bus: voltage limits, p.u. */
  readonly vMinPu: Float64Array;
  readonly vMaxPu: Float64Array;
  /** Per feeder branch: thermal limit, A (Infinity when not given or out of service). */
  readonly maxCurrentA: Float64Array;
  readonly zBaseOhm: number;
  /** Power base in kVA (baseMVA * 1000). */
  readonly sBaseKva: number;
  /** Current base, A. */
  readonly iBaseA: number;
}

/** Validates structure (ids, references, impedances, radiality, connectivity) and orders the buses. */
export function prepareFeeder(feeder: Feeder): PreparedFeeder {
  const { file, buses, branches } = feeder;
  const n = buses.length;
  const indexOfBus = new Map<number, number>();
  buses.forEach((b, i) => {
    const prev = indexOfBus.get(b.id);
    if (prev !== undefined) {
      throw new InputError(file, busPath(feeder, i, 'id'), 'a unique bus number', `${b.id}, already used by ${busPath(feeder, prev)}`);
    }
    indexOfBus.set(b.id, i);
  });
  const slack = indexOfBus.get(feeder.slackBus);
  if (slack === undefined) {
    const path = feeder.format === 'matpower' ? 'mpc.gen (slack bus)' : 'slackBus';
    throw new InputError(file, path, 'the number of a bus of this feeder', String(feeder.slackBus));
  }

  // Adjacency of in-service branches in compressed form.
  const degree = new Int32Array(n + 1);
  const ends: Array<[number, number]> = branches.map((br, e) => {
    const f = endIndex(feeder, indexOfBus, e, 'from');
    const t = endIndex(feeder, indexOfBus, e, 'to');
    checkImpedance(feeder, e);
    if (f === t) throw new InputError(file, branchPath(feeder, e, 'to'), 'a bus other than the from bus', String(br.to));
    if (br.inService) {
      degree[f + 1]++;
      degree[t + 1]++;
    }
    return [f, t];
  });
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  const adjStart = degree;
  const adjBranch = new Int32Array(adjStart[n]);
  const fill = adjStart.slice(0, n);
  ends.forEach(([f, t], e) => {
    if (!branches[e].inService) return;
    adjBranch[fill[f]++] = e;
    adjBranch[fill[t]++] = e;
  });

  // Breadth-first search from the slack; meeting a visited bus again means a closed loop.
  const posOf = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const parentPos = new Int32Array(n);
  const branchOfPos = new Int32Array(n);
  const reversedOfPos = new Uint8Array(n);
  order[0] = slack;
  posOf[slack] = 0;
  parentPos[0] = -1;
  branchOfPos[0] = -1;
  let count = 1;
  for (let k = 0; k < count; k++) {
    const u = order[k];
    for (let a = adjStart[u]; a < adjStart[u + 1]; a++) {
      const e = adjBranch[a];
      if (e === branchOfPos[k]) continue;
      const [f, t] = ends[e];
      const v = f === u ? t : f;
      if (posOf[v] >= 0) {
        throw new InputError(
          file,
          branchPath(feeder, e),
          'a radial network (open one branch of each loop by setting it out of service)',
          `branch ${branches[e].from}-${branches[e].to} closing a loop`
        );
      }
      posOf[v] = count;
      order[count] = v;
      parentPos[count] = k;
      branchOfPos[count] = e;
      reversedOfPos[count] = f === v ? 1 : 0;
      count++;
    }
  }
  if (count < n) {
    const i = posOf.findIndex((p) => p < 0);
    throw new InputError(
      file,
      busPath(feeder, i),
      `a bus connected to slack bus ${feeder.slackBus} through in-service branches`,
      `bus ${buses[i].id}, not connected`
    );
  }

  const zBaseOhm = (feeder.baseKV * feeder.baseKV) / feeder.baseMVA;
  const rPu = new Float64Array(n);
  const xPu = new Float64Array(n);
  for (let k = 1; k < n; k++) {
    rPu[k] = branches[branchOfPos[k]].rOhm / zBaseOhm;
    xPu[k] = branches[branchOfPos[k]].xOhm / zBaseOhm;
  }
  const vMinPu = Float64Array.from(buses, (b) => b.vMinPu ?? feeder.vMinPu);
  const vMaxPu = Float64Array.from(buses, (b) => b.vMaxPu ?? feeder.vMaxPu);
  const maxCurrentA = Float64Array.from(branches, (b) => (b.inService && b.maxCurrentA ? b.maxCurrentA : Infinity));
  const sBaseKva = feeder.baseMVA * 1000;
  return {
    feeder,
    n,
    busIds: buses.map((b) => b.id),
    indexOfBus,
    order,
    parentPos,
    branchOfPos,
    reversedOfPos,
    rPu,
    xPu,
    vMinPu,
    vMaxPu,
    maxCurrentA,
    zBaseOhm,
    sBaseKva,
    iBaseA: sBaseKva / (Math.sqrt(3) * feeder.baseKV),
  };
}

/** Feeder index of a bus id; InputError naming `what` when the bus does not exist. */
export function busIndex(prep: PreparedFeeder, busId: number, file: string, what: string): number {
  const i = prep.indexOfBus.get(busId);
  if (i === undefined) {
    const ids = prep.busIds;
    const range = `${Math.min(...ids)}..${Math.max(...ids)}`;
    throw new InputError(file, what, `a bus of feeder ${prep.feeder.name} (${prep.n} buses, ids ${range})`, String(busId));
  }
  return i;
}

function endIndex(feeder: Feeder, indexOfBus: Map<number, number>, e: number, end: 'from' | 'to'): number {
  const id = feeder.branches[e][end];
  const i = indexOfBus.get(id);
  if (i === undefined) throw new InputError(feeder.file, branchPath(feeder, e, end), 'the number of a bus of this feeder', String(id));
  return i;
}

function checkImpedance(feeder: Feeder, e: number): void {
  const br = feeder.branches[e];
  for (const key of ['rOhm', 'xOhm'] as const) {
    if (!(br[key] >= 0)) throw new InputError(feeder.file, branchPath(feeder, e, key), 'an impedance >= 0 ohm', String(br[key]));
  }
  if (br.inService && br.rOhm === 0 && br.xOhm === 0) {
    throw new InputError(feeder.file, branchPath(feeder, e), 'a non-zero series impedance (merge the two buses instead)', 'r = x = 0');
  }
}
