// Models by name, loaded lazily so `vpsim --help` stays fast.
import type { ModelDefinition } from './model.js';

export const models: Record<string, () => Promise<ModelDefinition>> = {
  mm1: async () => (await import('../models/mm1.js')).mm1Model,
  gvp: async () => (await import('../models/gvp.js')).gvpModel,
  greek: async () => (await import('../models/greek.js')).greekModel,
  ledger: async () => (await import('../models/ledger.js')).ledgerModel,
};
