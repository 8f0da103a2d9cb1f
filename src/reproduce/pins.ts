// The pinned runs behind every reproduced figure: scenario file + seed (+ overrides). Changing a
// pin changes the published reproduction, so do it deliberately and say so in the commit.
import type { PinnedRun } from './types.js';

export const PINNED: PinnedRun[] = [
  { key: 'mm1', file: 'scenarios/demo/mm1.yaml', seed: 42, model: 'mm1' },
  // Greek case study (Energies 2025)
  { key: 'greek-sc1', file: 'scenarios/greek/sc1.yaml', seed: 7, model: 'greek' },
  { key: 'greek-sc2', file: 'scenarios/greek/sc2.yaml', seed: 7, model: 'greek' },
  // SC1 vs SC2 over 10 seeds (paired): the sweep's own seed (7) sets the replicate seeds
  { key: 'greek-seeds', file: 'scenarios/sweeps/greek-seeds.yaml', seed: 7, model: 'greek', sweep: true },
  // PoA ledger (Energies 2025, Sec. 7.3): each file lists the experiments its figures need
  { key: 'ledger-delay', file: 'scenarios/ledger/delay-sweep.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-distribution', file: 'scenarios/ledger/distribution.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-ramp', file: 'scenarios/ledger/ramp.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-reliability', file: 'scenarios/ledger/reliability.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-complexity', file: 'scenarios/ledger/complexity.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-comparators', file: 'scenarios/ledger/comparators.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-day', file: 'scenarios/ledger/day.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-theory-grid', file: 'scenarios/ledger/theory-grid.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-throughput', file: 'scenarios/ledger/throughput.yaml', seed: 1, model: 'ledger' },
  { key: 'ledger-reliability-knee', file: 'scenarios/ledger/reliability-knee.yaml', seed: 1, model: 'ledger' },
  // GVP layer (Information 2026)
  { key: 'gvp-s1', file: 'scenarios/gvp/s1.yaml', seed: 1, model: 'gvp' },
  { key: 'gvp-s2', file: 'scenarios/gvp/s2.yaml', seed: 1, model: 'gvp' },
  { key: 'gvp-s3', file: 'scenarios/gvp/s3.yaml', seed: 1, model: 'gvp' },
  { key: 'gvp-s4', file: 'scenarios/gvp/s4.yaml', seed: 1, model: 'gvp' },
  { key: 'gvp-scale', file: 'scenarios/gvp/scale.yaml', seed: 1, model: 'gvp' },
  // Local energy community (community.md): one run per mechanism and the faults run
  { key: 'community-grid-only', file: 'scenarios/community/grid-only.yaml', seed: 1, model: 'community' },
  { key: 'community-spot', file: 'scenarios/community/spot.yaml', seed: 1, model: 'community' },
  { key: 'community-uniform', file: 'scenarios/community/uniform.yaml', seed: 1, model: 'community' },
  { key: 'community-pay-as-bid', file: 'scenarios/community/pay-as-bid.yaml', seed: 1, model: 'community' },
  { key: 'community-cda', file: 'scenarios/community/cda.yaml', seed: 1, model: 'community' },
  { key: 'community-faults', file: 'scenarios/community/faults.yaml', seed: 1, model: 'community' },
];

export function pinned(key: string): PinnedRun {
  const p = PINNED.find((x) => x.key === key);
  if (!p) throw new Error(`no pinned run '${key}'`);
  return p;
}
