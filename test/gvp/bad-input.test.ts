// Bad scenario input: exit 2 (InputError) naming the file, the field path, expected and found.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/models/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'gvp-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const S1 = resolve('scenarios/gvp/s1.yaml');

async function fails(name: string, body: string): Promise<{ exitCode: number; message: string }> {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `extends: ${S1}\nname: bad\n${body}`);
  try {
    await loadScenario(f);
  } catch (e) {
    return e as { exitCode: number; message: string };
  }
  throw new Error(`${name}: loaded without error`);
}

describe('gvp scenario bad input', () => {
  it.each([
    ['unknown jurisdiction', 'gvp:\n  blockedPairs: [[NA, XX]]\n', /gvp\.blockedPairs\[0\]\[1\]: expected a jurisdiction defined/],
    ['missing-like jurisdiction code', 'gvp:\n  vps:\n    - { id: A, jurisdiction: NA, identity: {}, services: {} }\n    - { id: B, jurisdiction: EU, identity: {}, services: {} }\n', /gvp\.vps\[0\]\.jurisdiction: expected a jurisdiction code that CSV readers do not take for a missing value .*NAM for North America/],
    ['unknown service', 'gvp:\n  jurisdictions:\n    NAM: { export: [heat], import: [] }\n', /gvp\.jurisdictions\.NAM\.export\[0\]: expected one of "balancing"/],
    ['negative envelope', 'gvp:\n  scale: { count: 8 }\n  ruleChanges: []\n  vps:\n    - { id: A, jurisdiction: NAM, identity: {}, services: { flexibility: { envelope_kwh: -5 } } }\n    - { id: B, jurisdiction: EU, identity: {}, services: {} }\n', /gvp\.vps\[0\]\.services\.flexibility\.envelope_kwh: expected a number >= 0, found -5/],
    ['negative demand', 'gvp:\n  vps:\n    - { id: A, jurisdiction: NAM, identity: {}, services: { balancing: { demand_kwh: -1 } } }\n    - { id: B, jurisdiction: EU, identity: {}, services: {} }\n', /demand_kwh: expected a number >= 0/],
    ['VP without identity', 'gvp:\n  vps:\n    - { id: A, jurisdiction: NAM, services: {} }\n    - { id: B, jurisdiction: EU, identity: {}, services: {} }\n', /gvp\.vps\[0\]\.identity: expected an? object/],
    ['slot outside the horizon', 'gvp:\n  ruleChanges: [{ atSlot: 30, jurisdiction: NAM, set: { export: [] } }]\n', /gvp\.ruleChanges\[0\]\.atSlot: expected a slot inside the horizon/],
    ['demand surge outside the horizon', 'gvp:\n  demandSurge: { fromSlot: 20, toSlot: 40, factor: 2 }\n', /gvp\.demandSurge\.toSlot: expected a slot inside the horizon/],
    ['inconsistent regulation table', 'gvp:\n  jurisdictions:\n    EU: { export: [balancing], import: [balancing], recognizes: [MARS] }\n', /gvp\.jurisdictions\.EU\.recognizes\[0\]: expected a known jurisdiction|expected a jurisdiction defined/],
    ['VP in an unknown jurisdiction', 'gvp:\n  vps:\n    - { id: A, jurisdiction: ATLANTIS, identity: {}, services: {} }\n    - { id: B, jurisdiction: EU, identity: {}, services: {} }\n', /gvp\.vps\[0\]\.jurisdiction: expected a jurisdiction defined/],
    ['quorum above oracle count', 'gvp:\n  oracles: { count: 2, quorum: 3 }\n', /gvp\.oracles\.quorum: expected a quorum <= oracles\.count/],
    ['identity change of an unknown VP', 'gvp:\n  identityChanges: [{ atSlot: 3, vp: VP99, action: revoke }]\n', /gvp\.identityChanges\[0\]\.vp: expected the id of a VP/],
  ])('%s', async (name, body, re) => {
    const e = await fails(name.replace(/\s+/g, '-'), body);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(re);
    expect(e.message).toContain('.yaml');
  });
});
