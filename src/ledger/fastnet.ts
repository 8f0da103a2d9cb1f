// Fast batch path: drives the same PoaEngine without the kernel (no per-message events), for big
// batch models (e.g. 2000-VP GVP runs) and the 24-hour throughput benchmark.
import type { Admission, PoaEngine, BlockOutcome, SubmitOptions } from './engine.js';
import { createEngine } from './fork-engine.js';
import { resolvePoa, type PoaParamsInput, type ResolvedPoa } from './params.js';
import type { Transaction } from './types.js';

export interface FastNetworkOptions {
  seed: number | string;
  /** Horizon for random crash schedules, s (default one day). */
  horizon_s?: number;
  /** Called for every block (and every step that only expired transactions), in chain order. */
  onBlock?: (o: BlockOutcome) => void;
}

export class FastPoaNetwork {
  readonly engine: PoaEngine;
  readonly params: ResolvedPoa;
  private readonly onBlock: (o: BlockOutcome) => void;

  constructor(params: PoaParamsInput | ResolvedPoa, opts: FastNetworkOptions) {
    this.params = 'lat' in params && 'q' in params ? (params as ResolvedPoa) : resolvePoa(params as PoaParamsInput);
    this.engine = createEngine(this.params, { seed: opts.seed, horizon_s: opts.horizon_s ?? 86_400 });
    this.onBlock = opts.onBlock ?? (() => {});
  }

  /** Builds every block due strictly before t (submissions at t come first, as in the kernel path). */
  advanceTo(t: number): void {
    const e = this.engine;
    for (let nb = e.nextBuild(); nb !== null && nb.t < t; nb = e.nextBuild()) {
      const o = e.build();
      if (o) this.onBlock(o);
      for (const f of e.takeFinal()) this.onBlock(f);
    }
  }

  /** Submits at time t (non-decreasing). Returns the pending entry or a rejection reason. */
  submit(tx: Transaction, t: number, opts?: SubmitOptions): Admission | string {
    this.advanceTo(t);
    return this.engine.submit(tx, t, opts);
  }

  /** Builds blocks until nothing is pending (or `until` is reached). */
  drain(until = Infinity): void {
    this.advanceTo(until);
  }
}

