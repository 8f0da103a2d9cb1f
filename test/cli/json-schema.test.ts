// JSON Schemas for editors: one valid 2020-12 document per model and one for sweep files, shipped
// in schemas/ (up to date), referenced by every shipped scenario, and accepting every shipped file.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { models } from '../../src/models/registry.js';
import { schemaFiles } from '../../src/scenarios/schema-files.js';
import { sweepSchema } from '../../src/sweep/schema.js';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const SCHEMAS = join(ROOT, 'schemas');
const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true, allowUnionTypes: true });
const validators = Object.fromEntries(
  readdirSync(SCHEMAS)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => [f.replace('.schema.json', ''), ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')))])
);

function shippedFiles(): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(ROOT, 'scenarios'))) for (const f of readdirSync(join(ROOT, 'scenarios', d))) if (/\.ya?ml$/.test(f)) out.push(join('scenarios', d, f));
  return out.sort();
}

describe('schema files', () => {
  it('schemas/ holds exactly the generated files (npm run schemas)', async () => {
    const want = await schemaFiles(models, sweepSchema);
    expect(readdirSync(SCHEMAS).sort()).toEqual(Object.keys(want).sort());
    for (const [f, text] of Object.entries(want)) expect(readFileSync(join(SCHEMAS, f), 'utf8'), `${f} is stale: run npm run schemas`).toBe(text);
  });

  it('vpsim schema MODEL --json prints one valid JSON document, the shipped one', () => {
    for (const n of ['greek', 'sweep']) {
      const r = vpsim(['schema', n, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(SCHEMAS, `${n}.schema.json`), 'utf8')));
    }
    const all = vpsim(['schema', '--json']);
    expect(Object.keys(JSON.parse(all.stdout)).sort()).toEqual(Object.keys(models).sort());
  });
});

describe('every shipped scenario and sweep file', () => {
  for (const rel of shippedFiles()) {
    it(`${rel} names its schema and validates against it`, () => {
      const text = readFileSync(join(ROOT, rel), 'utf8');
      const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
      expect(m, 'yaml-language-server line').not.toBeNull();
      const schemaPath = resolve(dirname(join(ROOT, rel)), m![1]);
      expect(existsSync(schemaPath)).toBe(true);
      const name = schemaPath.split('/').pop()!.replace('.schema.json', '');
      const doc = YAML.parse(text);
      if (rel.startsWith('scenarios/sweeps/')) expect(name).toBe('sweep');
      else if (doc.model) expect(name).toBe(doc.model);
      const v = validators[name];
      const ok = v(doc);
      expect(ok, JSON.stringify(v.errors)).toBe(true);
    });
  }
});

describe('the schemas reject what vpsim rejects', () => {
  const greek = YAML.parse(readFileSync(join(ROOT, 'scenarios/greek/base.yaml'), 'utf8'));
  it('an unknown field, a wrong type, a missing required field', () => {
    expect(validators.greek({ ...greek, greek: { ...greek.greek, ledger: { ...greek.greek.ledger, validator: 3 } } })).toBe(false);
    expect(validators.greek({ ...greek, seed: 'seven' })).toBe(false);
    const { mode: _m, ...noMode } = greek.greek;
    expect(validators.greek({ ...greek, greek: noMode })).toBe(false);
  });
  it('a file with extends may leave fields out, but not misspell them', () => {
    expect(validators.greek({ extends: 'base.yaml', name: 'x', greek: { mode: 'sc2' } })).toBe(true);
    expect(validators.greek({ extends: 'base.yaml', greek: { modes: 'sc2' } })).toBe(false);
    expect(validators.greek({ extends: 'base.yaml', greek: { ledger: { validators: 0 } } })).toBe(false);
  });
  it('sweep files: unknown field and bad design', () => {
    expect(validators.sweep({ scenario: 'x.yaml', replicate: 3 })).toBe(false);
    expect(validators.sweep({ scenario: 'x.yaml', design: 'sobol' })).toBe(false);
    expect(validators.sweep({ scenario: 'x.yaml', parameters: { 'mm1.arrivalRatePerS': [0.5] } })).toBe(true);
  });
});

describe('vpsim init', () => {
  it('writes a commented starter that validates and runs, and never overwrites', () => {
    const dir = tempDir();
    const f = join(dir, 'mine.yaml');
    const r = vpsim(['init', 'mm1', f]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+schemas\/mm1\.schema\.json$/m);
    expect(text).toMatch(/# .*arrivals per second|# .*per s/i);
    expect(validators.mm1(YAML.parse(text))).toBe(true);
    expect(vpsim(['validate', f]).code).toBe(0);
    const run = vpsim(['run', f, '--quiet', '--out', join(dir, 'out'), '--set', 'mm1.customers=2000']);
    expect(run.code, run.stderr).toBe(0);
    writeFileSync(f, 'mine\n');
    const again = vpsim(['init', 'mm1', f]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/mine\.yaml: expected a new file \(vpsim init never overwrites\), found an existing file/);
    expect(readFileSync(f, 'utf8')).toBe('mine\n');
  });
  it('greek starter validates with every run check', () => {
    const f = join(tempDir(), 'g.yaml');
    expect(vpsim(['init', 'greek', f]).code).toBe(0);
    expect(validators.greek(YAML.parse(readFileSync(f, 'utf8')))).toBe(true);
    expect(vpsim(['validate', f]).code).toBe(0);
  });
  it('an unknown model gets a did-you-mean', () => {
    const r = vpsim(['init', 'greeek', join(tempDir(), 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean 'greek'\?/);
  });
});
