// `validate` and `sweep --dry-run` make every check `run` makes (feeders, buses, cities, cross-field
// rules) and report all problems at once; unknown fields get a did-you-mean.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const SC1 = 'scenarios/greek/sc1.yaml';
const BAD = ['--set', 'greek.cevs.0.bus=99', '--set', 'greek.cities.2.feeder=case34', '--set', 'greek.cevs.1.city=Atlantis'];

describe('validate runs the model checks', () => {
  it('refuses a bus, a feeder and a city that run refuses, all in one go', () => {
    const r = vpsim(['validate', SC1, ...BAD]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    // each line names the override that wrote the value
    expect(r.stderr).toMatch(/--set greek\.cevs\[0\]\.bus: greek\.cevs\[0\]\.bus: expected a bus of feeder mv40 \(40 buses, ids 1\.\.40\), found 99/);
    expect(r.stderr).toMatch(/--set greek\.cities\[2\]\.feeder: greek\.cities\[2\]\.feeder: expected a bundled feeder .*, found "case34"/);
    expect(r.stderr).toMatch(/--set greek\.cevs\[1\]\.city: greek\.cevs\[1\]\.city: expected one of Athens, Thessaloniki, Chania, Heraklion, found "Atlantis"/);
    expect(r.stdout).not.toMatch(/^ok/);
  });

  it('a cross-field problem names the file of the extends chain that holds the value', () => {
    const dir = tempDir();
    const child = join(dir, 'child.yaml');
    writeFileSync(child, `extends: ${join(ROOT, SC1)}\nname: child\ngreek:\n  latency: { localS: 0.02, remoteS: 0.08, evS: 0.005, vpCity: Atlantis }\n`);
    const r = vpsim(['validate', child]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^vpsim: .*child\.yaml: greek\.latency\.vpCity: expected one of Athens, Thessaloniki, Chania, Heraklion, found "Atlantis"$/);
    // one small CEV in the extending file: the obligation of base.yaml can no longer be met, and
    // the line names base.yaml, which holds the refused value
    const small = join(dir, 'small.yaml');
    writeFileSync(small, `extends: ${join(ROOT, SC1)}\nname: small\ngreek:\n  cevs: [ { id: CEV1, city: Athens, bus: 15, userType: public, evs: 10, pChMaxKw: 100, pDisMaxKw: 50 } ]\n`);
    const r2 = vpsim(['validate', small]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim()).toMatch(/^vpsim: scenarios\/greek\/base\.yaml: greek\.obligations\[0\]\.pMinKw: expected at most the CEVs' total charging limit \(100 kW\)/);
  });

  it('run refuses the same scenario with the same lines before simulating', () => {
    const out = join(tempDir(), 'never');
    const r = vpsim(['run', SC1, '--quiet', '--out', out, ...BAD]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });

  it('every schema problem is listed, not just the first', () => {
    const r = vpsim(['validate', SC1, '--set', 'greek.grid.vMinPu=-1', '--set', 'greek.ledger.validators=0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/greek\.grid\.vMinPu: expected a number >= 0\.5, found -1/);
    expect(r.stderr).toMatch(/greek\.ledger\.validators: expected a number >= 1, found 0/);
  });

  it("unknown field 'validator' (did you mean 'validators'?)", () => {
    const r = vpsim(['validate', SC1, '--set', 'greek.ledger.validator=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/greek\.ledger\.validator: expected one of the fields enabled, validators, blockPeriodS, complexity, found unknown field 'validator' \(did you mean 'validators'\?\)/);
    const e = vpsim(['validate', SC1, '--set', 'greek.mode=sc3']);
    expect(e.stderr).toMatch(/found "sc3" \(did you mean 'sc1'\?\)/);
  });
});

describe('sweep --dry-run checks every design point', () => {
  it('names the design point whose bus does not exist', () => {
    const dir = tempDir();
    const f = join(dir, 'greek-bus.yaml');
    writeFileSync(f, `name: gb\nscenario: ${join(ROOT, SC1)}\ndesign: list\npoints:\n  - { greek.cevs.0.bus: 15 }\n  - { greek.cevs.0.bus: 99 }\n`);
    const r = vpsim(['sweep', f, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/greek-bus\.yaml: design point 1 \{"greek\.cevs\.0\.bus":99\}: greek\.cevs\[0\]\.bus: expected a bus of feeder mv40/);
  });
});

describe('validate and sweep --dry-run run the base power-flow check run makes', () => {
  const NO_PF = /sc1\.yaml: city Athens: expected a base case whose power flow converges at every interval .*, found no convergence at interval \d+ /;
  it('a city whose base case does not converge is refused with the other problems, one line each', () => {
    const r = vpsim(['validate', SC1, '--set', 'greek.cities.0.peakLoadScale=9', '--set', 'greek.cevs.1.city=Atlantis']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(r.stderr).toMatch(NO_PF);
    expect(r.stderr).toMatch(/greek\.cevs\[1\]\.city: expected one of Athens, Thessaloniki, Chania, Heraklion, found "Atlantis"/);
    expect(r.stdout).toBe('');
  });
  it('run refuses it with the same line before simulating and writes nothing', () => {
    const out = join(tempDir(), 'never');
    const v = vpsim(['validate', SC1, '--set', 'greek.cities.0.peakLoadScale=9']);
    const r = vpsim(['run', SC1, '--quiet', '--out', out, '--set', 'greek.cities.0.peakLoadScale=9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(v.stderr);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
  it('a base case that converges stays ok (the check refuses only what run refuses)', () => {
    const r = vpsim(['validate', SC1, '--set', 'greek.cities.0.peakLoadScale=1.2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok /);
  });
  it('sweep --dry-run names the design point whose base case does not converge', () => {
    const dir = tempDir();
    const f = join(dir, 'greek-load.yaml');
    writeFileSync(f, `name: gl\nscenario: ${join(ROOT, SC1)}\ndesign: list\npoints:\n  - { greek.cities.0.peakLoadScale: 1 }\n  - { greek.cities.0.peakLoadScale: 9 }\n`);
    const r = vpsim(['sweep', f, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/greek-load\.yaml: design point 1 \{"greek\.cities\.0\.peakLoadScale":9\}: city Athens: expected a base case whose power flow converges/);
  });
});

describe('one line per refused value', () => {
  it('socInit above its range is one line (not also "above socMax")', () => {
    const r = vpsim(['validate', SC1, '--set', 'greek.fleet.socInit=1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['vpsim: --set greek.fleet.socInit: greek.fleet.socInit: expected a number <= 1, found 1.5']);
  });
  it('the cross-field rule still speaks when the value is in range (socInit 0.95 above socMax 0.9)', () => {
    const r = vpsim(['validate', SC1, '--set', 'greek.fleet.socInit=0.95', '--set', 'greek.fleet.socMax=0.9']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/greek\.fleet\.socInit: expected an initial SoC not above socMax \(0\.9\), found 0\.95$/)]);
  });
});
