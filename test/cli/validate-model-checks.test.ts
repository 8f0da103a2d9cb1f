// validate and sweep --dry-run report the checks `run` used to make only while simulating: ledger
// experiments writing one table, repeated list entries and region names, PoA settings that fail
// for a validator count of a list or a region's overrides; the community fleet depot's bus.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vpsim } from '../helpers/cli.js';

const MIX = '[{ type: t, share: 1, complexity: 1, size_bytes: 250 }]';
const LEDGER = `name: ledger-bad
model: ledger
ledger: { validators: 4, latency_s: [[0, 0.01, 0.01, 0.01], [0.01, 0, 0.01, 0.01], [0.01, 0.01, 0, 0.01], [0.01, 0.01, 0.01, 0]] }
experiments:
  - { kind: dtotal, N: [10, 10], M: [4, 8], C: [1] }
  - { kind: dtotal, N: [5], M: [4], C: [1] }
  - kind: reliability
    regions:
      - { name: a, workload: { kind: poisson, duration_s: 10, rate_tps: [[0, 5]], mix: ${MIX} } }
      - { name: a, workload: { kind: poisson, duration_s: 10, rate_tps: [[0, 5]], mix: ${MIX} }, faults: { dropProb: 2 } }
`;

function ledgerFile(): string {
  const f = join(tempDir(), 'ledger-bad.yaml');
  writeFileSync(f, LEDGER);
  return f;
}

describe('ledger: every run-time check is a validate check, all reported at once', () => {
  it('validate lists the five problems, one line each, exit 2', () => {
    const r = vpsim(['validate', ledgerFile()]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(r.stderr).toMatch(/ledger-bad\.yaml: experiments\[0\]\.N\[1\]: expected a transaction count not listed before \(it repeats experiments\[0\]\.N\[0\]\), found 10/);
    expect(r.stderr).toMatch(/experiments\[0\]\.M\[1\]\/ledger\.latency_s: expected an 8 x 8 matrix/);
    expect(r.stderr).toMatch(/experiments\[1\]\.kind: expected experiments writing distinct tables \(experiments\[0\] already writes delay\.csv, delay_fits\.csv/);
    expect(r.stderr).toMatch(/experiments\[2\]\.regions\[1\]\.name: expected a region name not listed before/);
    expect(r.stderr).toMatch(/experiments\[2\]\.regions\[1\]\.faults\.dropProb/);
  });

  it('run refuses with the same lines and writes nothing', () => {
    const out = join(tempDir(), 'never');
    const r = vpsim(['run', ledgerFile(), '--quiet', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(5);
    expect(r.stderr).not.toMatch(/at .*\.js/);
    expect(existsSync(out)).toBe(false);
  });

  it('sweep --dry-run names the design point whose validator count does not fit the latency matrix', () => {
    const dir = tempDir();
    const base = join(dir, 'ok.yaml');
    writeFileSync(base, LEDGER.split('  - { kind: dtotal, N: [5]')[0].replace('N: [10, 10], M: [4, 8]', 'N: [10], M: [4]'));
    const ok = vpsim(['validate', base]);
    expect(ok.code, ok.stderr).toBe(0);
    const sw = join(dir, 'sweep.yaml');
    writeFileSync(sw, `name: sw\nscenario: ${base}\ndesign: list\npoints:\n  - { experiments.0.M: [4] }\n  - { experiments.0.M: [4, 6] }\n`);
    const r = vpsim(['sweep', sw, '--dry-run']);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toMatch(/design point 1 .*experiments\[0\]\.M\[1\]\/ledger\.latency_s: expected an 6 x 6 matrix/);
  });
});

describe('community: the fleet depot bus is checked when the scenario loads', () => {
  it('validate refuses a bus the feeder lacks and the slack bus', () => {
    const a = vpsim(['validate', 'scenarios/community/uniform.yaml', '--set', 'community.participants.fleet.bus=99']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toMatch(/^vpsim: --set community\.participants\.fleet\.bus: community\.participants\.fleet\.bus: expected a bus of feeder case33bw \(33 buses, ids 1\.\.33\), found 99$/);
    const b = vpsim(['validate', 'scenarios/community/uniform.yaml', '--set', 'community.participants.fleet.bus=1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/community\.participants\.fleet\.bus: expected a load bus of case33bw, not its slack bus 1, found 1/);
  });

  it('validate refuses a participant listed twice where one setting per participant is kept', () => {
    const r = vpsim(['validate', 'scenarios/community/uniform.yaml', '--set', 'community.faults.kycExpiry=[{participant: h1, atHour: 2}, {participant: h1, atHour: 3}]']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/community\.faults\.kycExpiry\[1\]\.participant: expected a participant not listed before \(faults\.kycExpiry\[0\] already sets h1\), found "h1"/);
  });
});

describe('PoA settings: worded like every other field, at the field that holds them, all at once', () => {
  it('a region override out of range, of the wrong type and misspelt: three lines, no zod wording', () => {
    const f = join(tempDir(), 'ledger-poa.yaml');
    writeFileSync(f, `name: ledger-poa\nmodel: ledger\nledger: { validators: 4 }\nexperiments:\n  - kind: reliability\n    regions:\n      - { name: a, workload: { kind: poisson, duration_s: 10, rate_tps: [[0, 5]], mix: ${MIX} }, faults: { dropProb: 2 }, ledger: { blockBase_s: x, validatorz: 3 } }\n`);
    const r = vpsim(['validate', f]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(r.stderr).toMatch(/ledger-poa\.yaml: experiments\[0\]\.regions\[0\]\.faults\.dropProb: expected a number <= 0\.99, found 2$/m);
    expect(r.stderr).toMatch(/ledger-poa\.yaml: experiments\[0\]\.regions\[0\]\.ledger\.blockBase_s: expected a number, found "x"$/m);
    expect(r.stderr).toMatch(/experiments\[0\]\.regions\[0\]\.ledger\.validatorz: .*found unknown field 'validatorz' \(did you mean 'validators'\?\)/);
    expect(r.stderr).not.toMatch(/Too big|Too small|Invalid input|received/);
  });
});
