// The record of one simulated Greek day: the world, the agents with their records, the decision
// timings and the ledger, as the output and comparison code read them.
import type { DfAgent } from '../../agents/df.js';
import type { CevAgent } from '../../agents/greek/cev.js';
import type { EsoAgent } from '../../agents/greek/eso.js';
import type { EvAgent } from '../../agents/greek/ev.js';
import type { VpAgent } from '../../agents/greek/vp.js';
import type { Simulation } from '../../sim/simulation.js';
import type { LedgerStats } from './ledger.js';
import type { GreekWorld } from './world.js';

export interface GreekRun {
  world: GreekWorld;
  sim: Simulation;
  vp: VpAgent;
  cevs: CevAgent[];
  dfs: DfAgent[];
  evs: EvAgent[];
  eso: EsoAgent;
  decisionMs: number[];
  ledger: { stats: LedgerStats; submitTo: string; lines: () => Record<string, unknown>[]; textLines: () => string[] } | null;
  infeasibleDecisions: number[];
}
