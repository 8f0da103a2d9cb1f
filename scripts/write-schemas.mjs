#!/usr/bin/env node
// Writes schemas/<model>.schema.json and schemas/sweep.schema.json from the built code (npm run
// build first). Run after changing a scenario schema; test/cli/json-schema.test.ts checks the files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { models } from '../dist/models/registry.js';
import { schemaFiles } from '../dist/scenarios/schema-files.js';
import { sweepSchema } from '../dist/sweep/schema.js';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(await schemaFiles(models, sweepSchema))) {
  writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote schemas/${name}\n`);
}
