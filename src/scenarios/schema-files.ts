// The schema files shipped in schemas/ (one per model, one for sweep files), as editors read them
// through the `# yaml-language-server: $schema=...` line of each scenario. `npm run schemas`
// regenerates them; a test checks they are up to date.
import type { z } from 'zod';
import type { ModelRegistry } from './model.js';
import { scenarioJsonSchema, sweepJsonSchema } from './json-schema.js';

/** File name -> JSON text, for every registered model and the sweep schema. */
export async function schemaFiles(models: ModelRegistry, sweepSchema: z.ZodType): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of Object.keys(models).sort()) {
    const m = await models[n]();
    out[`${n}.schema.json`] = JSON.stringify(scenarioJsonSchema(n, m.description, m.schema), null, 2) + '\n';
  }
  out['sweep.schema.json'] = JSON.stringify(sweepJsonSchema(sweepSchema), null, 2) + '\n';
  return out;
}

/** The editor line that points a YAML file at its schema (path relative to the YAML file). */
export function schemaLine(relPath: string): string {
  return `# yaml-language-server: $schema=${relPath}`;
}
