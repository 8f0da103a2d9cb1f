// Every reproducible figure and table, in `vpsim reproduce --list` order, and the measures that
// compute our side of the paper-vs-sim table.
import { demoItems, demoMeasures } from './figures/demo.js';
import { greekItems, greekMeasures } from './figures/greek.js';
import { greekSeedItems, greekSeedMeasures } from './figures/greek-seeds.js';
import { ledgerItems, ledgerMeasures } from './figures/ledger.js';
import { gvpItems, gvpMeasures } from './figures/gvp.js';
import { communityItems, communityMeasures } from './figures/community.js';
import type { Measure, ReproItem } from './types.js';

export const ITEMS: ReproItem[] = [...greekItems, ...greekSeedItems, ...ledgerItems, ...gvpItems, ...communityItems, ...demoItems];

export const MEASURES: Record<string, Measure> = { ...demoMeasures, ...greekMeasures, ...greekSeedMeasures, ...ledgerMeasures, ...gvpMeasures, ...communityMeasures };

export function item(id: string): ReproItem | undefined {
  return ITEMS.find((i) => i.id === id);
}
