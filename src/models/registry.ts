// Models by name, loaded lazily so `vpsim --help` stays fast.
import { loadScenarioWith, type LoadedScenario, type LoadOptions } from '../scenarios/load.js';
import type { ModelRegistry } from '../scenarios/model.js';

export const models: ModelRegistry = {
  mm1: async () => (await import('./mm1/model.js')).mm1Model,
  gvp: async () => (await import('./gvp/model.js')).gvpModel,
  greek: async () => (await import('./greek/model.js')).greekModel,
  ledger: async () => (await import('./ledger/model.js')).ledgerModel,
  community: async () => (await import('./community/model.js')).communityModel,
};

/** Loads a scenario file of any registered model. */
export function loadScenario(file: string, opts: LoadOptions = {}): Promise<LoadedScenario> {
  return loadScenarioWith(models, file, opts);
}
