// A run's seed: derived from the sweep seed and the runId only, so it never depends on scheduling.
import { createHash } from 'node:crypto';

export function runSeed(sweepSeed: number, runId: string): number {
  return parseInt(createHash('sha256').update(`vpsim-sweep\u0000${sweepSeed}\u0000${runId}`).digest('hex').slice(0, 8), 16) >>> 1;
}
