// Every reproducer of the records issue ("Measured" 1-9), through the built CLI as a user runs it:
// each ends with the required exit code (2 a user mistake, 3 an integrity failure, 1 the
// environment; 0 where the issue's complaint was a refusal of good input), one line on stderr that
// starts with `vpsim: `, no stack trace, and no file outside what vpsim wrote changed or removed
// (the whole working tree of the case is hashed before and after). Read-only and full disks are in
// test/records/environment.test.ts; the sweep lock race in test/records/sweep-records.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../../src/ledger/keys.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { doublePayment, forgeAnchor, lines, resign, writeLines, type Signer } from '../helpers/forge.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
const SC1 = join(ROOT, 'scenarios/greek/sc1.yaml');
const GVP = join(ROOT, 'scenarios/gvp/s1.yaml');
const SMALL_GREEK = join(ROOT, 'test/greek/fixtures/small.yaml');
const small = ['--set', 'mm1.customers=200'];

interface Res {
  code: number;
  stdout: string;
  stderr: string;
}
/** The built CLI with a time limit (a hang is a failure, not a stuck test run). */
function cli(args: string[], cwd = ROOT, env: Record<string, string> = {}): Res {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`vpsim ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Exit code, one line `vpsim: ...`, no stack trace, no "internal error". */
function clean(r: Res, code: number, ...msg: RegExp[]): void {
  expect(r.code, r.stderr).toBe(code);
  const ls = r.stderr.split('\n').filter((l) => l !== '');
  expect(ls, r.stderr).toHaveLength(1);
  expect(ls[0].startsWith('vpsim: '), ls[0]).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|TypeError|RangeError|ReferenceError|heap/);
  for (const m of msg) expect(ls[0]).toMatch(m);
}

/** Every entry under `dir` (path -> type, size, content hash; FIFOs and devices not read). */
function snapshot(dir: string, rel = '', out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const p = join(dir, r);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.set(r, 'dir');
      snapshot(dir, r, out);
    } else if (st.isFile()) out.set(r, `file:${st.size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    else out.set(r, `special:${st.mode}`);
  }
  return out;
}
/** Nothing changed under `dir` except below the given relative paths (what vpsim writes). */
function unchangedExcept(dir: string, before: Map<string, string>, allowed: string[] = []): void {
  const ok = (p: string) => allowed.some((a) => p === a || p.startsWith(`${a}/`));
  const after = snapshot(dir);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => !ok(p) && before.get(p) !== after.get(p));
  expect(changed, `changed outside vpsim's output: ${changed.join(', ')}`).toEqual([]);
}
/** Runs `args` in a fresh case directory prepared by `setup`; checks the result and that nothing else changed. */
function inCase(setup: (d: string) => string[], code: number, msg: RegExp[] = [], allowed: string[] = []): { dir: string; r: Res } {
  const dir = tempDir('vpsim-repro-');
  const args = setup(dir);
  const before = snapshot(dir);
  const r = cli(args, dir);
  clean(r, code, ...msg);
  unchangedExcept(dir, before, allowed);
  return { dir, r };
}

let gvpRun: string; // a GVP run with signed events and a ledger
let greekRun: string; // a short Greek day with its ledger
let mm1Run: string;
const work = tempDir('vpsim-repro-runs-');
beforeAll(() => {
  gvpRun = join(work, 'gvp');
  greekRun = join(work, 'greek');
  mm1Run = join(work, 'mm1');
  expect(cli(['run', GVP, '--out', gvpRun, '--quiet']).code).toBe(0);
  expect(cli(['run', SMALL_GREEK, '--out', greekRun, '--quiet']).code).toBe(0);
  expect(cli(['run', MM1, '--out', mm1Run, '--quiet', ...small]).code).toBe(0);
}, 120_000);
let copies = 0;
const copyRun = (from: string) => {
  const d = join(work, `c${copies++}`);
  cpSync(from, d, { recursive: true });
  return d;
};
/** ledger verify and kpi of an edited run: both exit 3, one line naming the file. */
function integrityFails(dir: string, file: RegExp): void {
  clean(cli(['ledger', 'verify', dir]), 3, file);
  const k = cli(['kpi', dir]);
  clean(k, 3, /^vpsim: records failed: /, file);
}

describe('reproducer 1: a scenario name cannot escape out/', () => {
  it('R1 name ../../../../victim: validate and run (no --out) refuse it, exit 2; the victim directory is untouched', () => {
    for (const cmd of [['validate', 'evil.yaml'], ['run', 'evil.yaml', '--quiet']]) {
      inCase(
        (d) => {
          mkdirSync(join(d, 'victim'));
          writeFileSync(join(d, 'victim', 'thesis.tex'), 'x');
          mkdirSync(join(d, 'a/b/c'), { recursive: true });
          writeFileSync(join(d, 'a/b/c/evil.yaml'), 'name: ../../../../victim\nmodel: mm1\nmm1: { customers: 10 }\n');
          return cmd.map((x) => (x === 'evil.yaml' ? join(d, 'a/b/c/evil.yaml') : x));
        },
        2,
        [/evil\.yaml: name: expected a plain name/]
      );
    }
  });
});

describe('reproducer 2: --out never deletes what is there; one policy for every command', () => {
  const thesis = (d: string) => {
    mkdirSync(join(d, 'thesis', 'sub'), { recursive: true });
    writeFileSync(join(d, 'thesis', 'thesis.tex'), '\\documentclass{article}');
    writeFileSync(join(d, 'thesis', 'sub', 'fig.pdf'), 'pdf');
    return join(d, 'thesis');
  };
  const refusal = /expected an absent or empty directory, or an earlier vpsim .* output/;
  it('R2a run --out onto a directory holding thesis.tex and sub/: exit 2, nothing touched', () => {
    inCase((d) => ['run', MM1, '--out', thesis(d), '--quiet', ...small], 2, [/thesis: expected an absent or empty directory/, /found a directory holding 2 other file\(s\): sub, thesis\.tex/]);
  });
  it("R2b --out onto the scenario's own folder and onto a project root (`--out .`): exit 2", () => {
    inCase((d) => {
      writeFileSync(join(d, 's.yaml'), 'name: s\nmodel: mm1\nmm1: { customers: 20 }\n');
      return ['run', join(d, 's.yaml'), '--out', d, '--quiet'];
    }, 2, [refusal]);
    inCase((d) => {
      writeFileSync(join(d, 'package.json'), '{}');
      mkdirSync(join(d, 'src'));
      writeFileSync(join(d, 'src', 'index.ts'), '');
      return ['run', MM1, '--out', '.', '--quiet', ...small];
    }, 2, [/^vpsim: \.: /, refusal]);
  });
  it('R2c --out afile.txt: exit 2 (vpsim never replaces a file by a directory)', () => {
    inCase((d) => {
      writeFileSync(join(d, 'afile.txt'), 'keep');
      return ['run', MM1, '--out', join(d, 'afile.txt'), '--quiet', ...small];
    }, 2, [/afile\.txt: expected .*vpsim never replaces a file, found a file/]);
  });
  it('R2d merge --out, sweep --out, reproduce --out onto the thesis directory: exit 2 each (the commands agree)', () => {
    const sw = join(work, 'sw-r2');
    expect(cli(['sweep', join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml'), '--out', sw, '--quiet']).code).toBe(0);
    inCase((d) => ['merge', sw, '--out', thesis(d)], 2, [refusal]);
    inCase((d) => ['sweep', join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml'), '--out', thesis(d), '--quiet'], 2, [refusal]);
    inCase((d) => ['reproduce', 'fig6', '--out', thesis(d), '--quiet'], 2, [refusal]);
  });
  it('R2e re-running a scenario keeps the notes and the report.html the user added (exit 0); report refuses to overwrite that report (exit 2)', () => {
    const { dir } = inCase(
      (d) => {
        expect(cli(['run', MM1, '--out', join(d, 'o'), '--quiet', ...small]).code).toBe(0);
        writeFileSync(join(d, 'o', 'notes.md'), 'my notes');
        writeFileSync(join(d, 'o', 'report.html'), '<html>mine</html>');
        return ['report', join(d, 'o')];
      },
      2,
      [/report\.html/]
    );
    const before = snapshot(dir);
    const again = cli(['run', MM1, '--out', join(dir, 'o'), '--quiet', '--set', 'mm1.customers=300']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    // vpsim's own files changed; the user's did not
    const ours = JSON.parse(readFileSync(join(dir, 'o', '.vpsim-output'), 'utf8')).files.map((f: string) => `o/${f}`);
    unchangedExcept(dir, before, [...ours, 'o/.vpsim-output']);
    expect(readFileSync(join(dir, 'o', 'notes.md'), 'utf8')).toBe('my notes');
  });
});

describe('reproducer 3: every read is bounded', () => {
  let fifo: string;
  let zeroLink: string;
  beforeAll(() => {
    fifo = join(work, 'a.fifo');
    execFileSync('mkfifo', [fifo]);
    zeroLink = join(work, 'zero.yaml');
    symlinkSync('/dev/zero', zeroLink);
  });
  const scen = (d: string, ext: string) => {
    writeFileSync(join(d, 'e.yaml'), `extends: ${ext}\nname: e\n`);
    return join(d, 'e.yaml');
  };
  const notRegular = /expected a regular file .*found (a character device|a FIFO|a directory)|expected .*regular file/;
  it('R3a extends: /dev/zero and /dev/urandom: exit 2 naming the file', () => {
    inCase((d) => ['run', scen(d, '/dev/zero'), '--quiet'], 2, [/\/dev\/zero/, notRegular]);
    inCase((d) => ['run', scen(d, '/dev/urandom'), '--quiet'], 2, [/\/dev\/urandom/, notRegular]);
  });
  it('R3b vpsim run /dev/zero (and a symlink to it): exit 2', () => {
    inCase(() => ['run', '/dev/zero', '--quiet'], 2, [/^vpsim: \/dev\/zero: /, notRegular]);
    inCase(() => ['run', zeroLink, '--quiet'], 2, [/zero\.yaml/, notRegular]);
  });
  it('R3c a sweep with scenario: /dev/zero: exit 2', () => {
    inCase((d) => {
      writeFileSync(join(d, 'w.yaml'), 'name: w\nscenario: /dev/zero\nparameters:\n  mm1.customers: [10]\n');
      return ['sweep', join(d, 'w.yaml'), '--quiet'];
    }, 2, [/\/dev\/zero/, notRegular]);
  });
  it('R3d kpi and ledger verify on events.jsonl / ledger.jsonl symlinked to /dev/zero: exit 2', () => {
    for (const f of ['events.jsonl', 'ledger.jsonl']) {
      const d = copyRun(gvpRun);
      rmSync(join(d, f));
      symlinkSync('/dev/zero', join(d, f));
      clean(cli(['kpi', d]), 2, new RegExp(f.replace('.', '\\.')), notRegular);
      clean(cli(['ledger', 'verify', d]), 2, new RegExp(f.replace('.', '\\.')), notRegular);
    }
  });
  it('R3e merge on a sweep.json symlinked to /dev/zero: exit 2', () => {
    const sw = join(work, 'sw-r3');
    expect(cli(['sweep', join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml'), '--out', sw, '--quiet']).code).toBe(0);
    rmSync(join(sw, 'sweep.json'));
    symlinkSync('/dev/zero', join(sw, 'sweep.json'));
    inCase((d) => ['merge', sw, '--out', join(d, 'm')], 2, [/sweep\.json/, notRegular]);
  });
  it('R3f extends naming a FIFO, ledger verify on /dev/zero and on a FIFO: exit 2, no hang', () => {
    inCase((d) => ['run', scen(d, fifo), '--quiet'], 2, [/a\.fifo/, notRegular]);
    inCase(() => ['ledger', 'verify', '/dev/zero'], 2, [/\/dev\/zero/, notRegular]);
    inCase(() => ['ledger', 'verify', fifo], 2, [/a\.fifo/, notRegular]);
  });
});

describe('reproducer 4: ledgers cannot be forged from the run directory', () => {
  const seedOf = (d: string) => JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')).seed as number;
  it('R4a a doubled payment re-signed with the old seed-derived keys: ledger verify and kpi exit 3', () => {
    const d = copyRun(gvpRun);
    const seed = seedOf(d);
    const derived: Signer = (_h, i) => keyPairFromSeed(createHash('sha256').update(`vpsim-validator-key\u0000${seed}\u0000${i}`).digest());
    doublePayment(d);
    resign(d, derived);
    integrityFails(d, /ledger\.jsonl/);
  });
  it("R4b genesis authorities replaced by an attacker's keys, chain and anchor re-signed: caught with --trust (exit 3)", () => {
    const d = copyRun(gvpRun);
    const attacker: Signer = (_h, i) => keyPairFromSeed(createHash('sha256').update(`attacker-${i}`).digest());
    doublePayment(d);
    resign(d, attacker, true);
    clean(cli(['ledger', 'verify', d]), 3, /ledger\.jsonl/);
    forgeAnchor(d, attacker(0, 99));
    const keys = join(work, 'trusted.json');
    writeFileSync(keys, cli(['keys', 'public', '--json']).stdout);
    clean(cli(['ledger', 'verify', d, '--trust', keys]), 3, /summary\.json: anchor signed by key/);
    clean(cli(['kpi', d, '--trust', keys]), 3, /records failed: .*summary\.json/);
  });
  it('R4c removing the last blocks: ledger verify exit 3 (the anchor holds the head)', () => {
    const d = copyRun(gvpRun);
    writeLines(d, 'ledger.jsonl', lines(d, 'ledger.jsonl').slice(0, -2));
    integrityFails(d, /ledger\.jsonl/);
  });
});

describe('reproducer 5: events.jsonl is bound to the chain', () => {
  const edit = (from: string, f: (ev: string[]) => string[]) => {
    const d = copyRun(from);
    writeLines(d, 'events.jsonl', f(lines(d, 'events.jsonl')));
    return d;
  };
  it('R5a deleting the first SettlementSucceeded line: exit 3 naming the line', () => {
    const ev = lines(gvpRun, 'events.jsonl');
    const i = ev.findIndex((l) => l.includes('"SettlementSucceeded"'));
    integrityFails(edit(gvpRun, (x) => x.filter((_, k) => k !== i)), new RegExp(`events\\.jsonl: line ${i + 1}:`));
  });
  it('R5b removing every event of one trade: exit 3', () => {
    const ev = lines(gvpRun, 'events.jsonl');
    const trade = JSON.parse(ev.find((l) => l.includes('"tradeId"'))!).tradeId as string;
    const d = edit(gvpRun, (x) => x.filter((l) => JSON.parse(l).tradeId !== trade));
    expect(lines(d, 'events.jsonl').length).toBeLessThan(ev.length - 2);
    integrityFails(d, /events\.jsonl: line \d+/);
  });
  it('R5c removing half of the Greek log: exit 3', () => {
    integrityFails(edit(greekRun, (x) => x.slice(0, Math.floor(x.length / 2))), /events\.jsonl/);
    integrityFails(edit(greekRun, (x) => x.filter((_, k) => k % 2 === 0)), /events\.jsonl: line 2:/);
  });
  it('R5d reordering two lines: exit 3', () => {
    const d = edit(gvpRun, (x) => [x[0], x[2], x[1], ...x.slice(3)]);
    integrityFails(d, /events\.jsonl: line 2:/);
  });
  it('R5e changing or removing a per-event signature: exit 3', () => {
    const ev = lines(gvpRun, 'events.jsonl');
    const changed = edit(gvpRun, (x) => x.map((l, k) => (k === 7 ? l.replace(/"sig":"(.)/, (_, c: string) => `"sig":"${c === 'a' ? 'b' : 'a'}`) : l)));
    integrityFails(changed, /events\.jsonl: line 8:/);
    const removed = edit(gvpRun, (x) => x.map((l, k) => (k === 7 ? JSON.stringify({ ...JSON.parse(ev[7]), sig: undefined }) : l)));
    integrityFails(removed, /events\.jsonl: line 8:/);
  });
  it('R5f an emptied events.jsonl: kpi exits 3 (it no longer always exits 0)', () => {
    integrityFails(edit(gvpRun, () => []), /events\.jsonl/);
  });
});

describe('reproducer 6: clear errors instead of stack traces', () => {
  it('R6a a YAML alias bomb and an unresolved alias: exit 2', () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) {
      const p = String.fromCharCode(97 + i);
      rows.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${p}`).join(',')}]`);
    }
    inCase((d) => {
      writeFileSync(join(d, 'bomb.yaml'), `name: b\nmodel: mm1\n${rows.join('\n')}\n`);
      return ['run', join(d, 'bomb.yaml'), '--quiet'];
    }, 2, [/bomb\.yaml: expected valid YAML .*found .*alias/i]);
    inCase((d) => {
      writeFileSync(join(d, 'alias.yaml'), 'name: *nope\nmodel: mm1\n');
      return ['run', join(d, 'alias.yaml'), '--quiet'];
    }, 2, [/alias\.yaml/, /expected valid YAML/]);
  });
  it('R6b --set greek.fleet.batteryTypes.0.capacityKwh=1e308: exit 2', () => {
    inCase((d) => ['run', SC1, '--out', join(d, 'o'), '--quiet', '--set', 'greek.fleet.batteryTypes.0.capacityKwh=1e308'], 2, [/capacityKwh: expected a number <= \d+, found 1e\+308/]);
  });
  it('R6c a ledger profile entry 1e308: exit 2', () => {
    inCase((d) => ['run', join(ROOT, 'scenarios/ledger/day.yaml'), '--out', join(d, 'o'), '--quiet', '--set', 'experiments.0.workload.profile=[1e308]'], 2, [/workload\.profile\[0\]: expected a finite number/]);
  });
  it('R6d greek.cities.0.peakLoadScale=9 (base case does not converge): exit 2 naming the city and interval', () => {
    inCase((d) => ['run', SC1, '--out', join(d, 'o'), '--quiet', '--set', 'greek.cities.0.peakLoadScale=9'], 2, [/city Athens: expected a base case whose power flow converges .*found no convergence at interval \d+/]);
  });
  it('R6e a NUL byte in name: exit 2', () => {
    inCase((d) => {
      writeFileSync(join(d, 'nul.json'), JSON.stringify({ name: 'a\u0000b', model: 'mm1' }));
      return ['run', join(d, 'nul.json'), '--quiet'];
    }, 2, [/nul\.json: name: expected a plain name.*found "a\\u0000b"/]);
  });
  it('R6f mm1.sampleIntervalS: 1e-300: exit 2 with one line (no heap exhaustion)', () => {
    inCase((d) => ['run', MM1, '--out', join(d, 'o'), '--quiet', '--set', 'mm1.sampleIntervalS=1e-300'], 2, [/sampleIntervalS: expected a sampling period of 0 \(off\) or at least 0\.001 s, found 1e-300/]);
  });
  it('R6g a null line in events.jsonl: kpi and ledger verify exit 3 naming the line', () => {
    const d = copyRun(gvpRun);
    writeLines(d, 'events.jsonl', lines(d, 'events.jsonl').map((l, k) => (k === 2 ? 'null' : l)));
    integrityFails(d, /events\.jsonl: line 3/);
    const m = copyRun(mm1Run);
    writeLines(m, 'events.jsonl', lines(m, 'events.jsonl').map((l, k) => (k === 2 ? 'null' : l)));
    integrityFails(m, /events\.jsonl/);
  });
  it('R6h --out . and --out ..: refused (exit 2) and, with --force, written without EBUSY or a hidden temporary directory', () => {
    inCase((d) => {
      writeFileSync(join(d, 'mine.txt'), 'x');
      return ['run', MM1, '--out', '.', '--quiet', ...small];
    }, 2, [/^vpsim: \.: expected an absent or empty directory/]);
    inCase((d) => {
      mkdirSync(join(d, 'w'));
      writeFileSync(join(d, 'mine.txt'), 'x');
      return ['run', MM1, '--out', '..', '--quiet', ...small];
    }, 2, [/^vpsim: \.\.: expected an absent or empty directory/]);
    const d = tempDir('vpsim-repro-');
    writeFileSync(join(d, 'mine.txt'), 'x');
    const before = snapshot(d);
    const r = cli(['run', MM1, '--out', '.', '--force', '--quiet', ...small], d);
    expect(r.code, r.stderr).toBe(0);
    const ours = JSON.parse(readFileSync(join(d, '.vpsim-output'), 'utf8')).files as string[];
    unchangedExcept(d, before, [...ours, '.vpsim-output']);
    expect(readdirSync(d).filter((f) => f.includes('tmp'))).toEqual([]);
  });
  it('R6i vpsim schema | head -1: ends quietly (exit 0, nothing on stderr)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" schema | head -c 20 >/dev/null`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('reproducer 7: nonsense is refused', () => {
  it('R7a vMinPu=1.2 above vMaxPu=1.05: exit 2, one line', () => {
    inCase((d) => ['run', SC1, '--out', join(d, 'o'), '--quiet', '--set', 'greek.grid.vMinPu=1.2'], 2, [/greek\.grid\.vMinPu: expected a lower voltage limit below vMaxPu \(1\.05\), found 1\.2/]);
  });
  it('R7b willingness to pay 1e308: exit 2', () => {
    inCase((d) => ['run', GVP, '--out', join(d, 'o'), '--quiet', '--set', 'gvp.vps.0.services.certificates.wtp_mu_per_kwh=1e308'], 2, [/wtp_mu_per_kwh: expected a finite number of magnitude at most/]);
  });
  it('R7c powerflow case33bw --slack-vm 1e-300: exit 2', () => {
    inCase(() => ['powerflow', 'case33bw', '--slack-vm', '1e-300'], 2, [/--slack-vm: expected a slack voltage between 0\.5 and 1\.5 p\.u\., found 1e-300/]);
  });
  it('R7d stepMin: 7 over a horizon it does not divide: exit 2 (no silent truncation)', () => {
    inCase((d) => ['run', SC1, '--out', join(d, 'o'), '--quiet', '--set', 'greek.horizon.stepMin=7'], 2, [/greek\.horizon\.stepMin: expected a step that divides the \d+-minute horizon into whole steps, found 7/]);
  });
  it("R7e --seed '': exit 2 (not taken as 0)", () => {
    inCase((d) => ['run', MM1, '--out', join(d, 'o'), '--quiet', '--seed', ''], 2, [/--seed: expected a non-negative integer, found ""/]);
  });
  it('R7f a regulation rule change with nothing to change: exit 2', () => {
    inCase((d) => ['run', GVP, '--out', join(d, 'o'), '--quiet', '--set', 'gvp.ruleChanges=[{atSlot: 3}]'], 2, [/gvp\.ruleChanges\[0\]: expected a change: 'set' .*'blockPair' or 'unblockPair'/]);
  });
});

describe('reproducer 8: sweep records check themselves', () => {
  const SMOKE = join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml');
  let sw: string;
  beforeAll(() => {
    sw = join(work, 'sw-r8');
    expect(cli(['sweep', SMOKE, '--out', sw, '--quiet']).code).toBe(0);
  });
  const firstRecord = (d: string) => join(d, 'runs', readdirSync(join(d, 'runs')).filter((f) => f.endsWith('.json')).sort()[0]);
  it('R8a an altered metric in runs/<id>.json: merge exit 3; --resume reruns that run and results.csv holds the true value', () => {
    const d = copyRun(sw);
    const f = firstRecord(d);
    const rec = JSON.parse(readFileSync(f, 'utf8'));
    const truth = rec.metrics.meanWaitS as number;
    rec.metrics.meanWaitS = 0.123;
    writeFileSync(f, JSON.stringify(rec, null, 2));
    inCase((c) => ['merge', d, '--out', join(c, 'm')], 3, [/runs\/[0-9a-f]+\.json: content digest mismatch/]);
    const r = cli(['sweep', SMOKE, '--out', d, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/content digest mismatch \(the record was altered\); its run is run again/);
    const row = readFileSync(join(d, 'results.csv'), 'utf8').split('\n').find((l) => l.startsWith(rec.runId))!;
    expect(row).toContain(String(truth));
    expect(row).not.toContain('0.123');
  });
  it('R8b an altered parameter set: merge exit 3', () => {
    const d = copyRun(sw);
    const f = firstRecord(d);
    const rec = JSON.parse(readFileSync(f, 'utf8'));
    rec.parameters['mm1.arrivalRatePerS'] = 0.6;
    writeFileSync(f, JSON.stringify(rec, null, 2));
    inCase((c) => ['merge', d, '--out', join(c, 'm')], 3, [/parameters differ from the plan/]);
  });
  it("R8c merge checks each input's sweep.json (a cut run list: exit 3) and that all inputs are one sweep (exit 2)", () => {
    const d = copyRun(sw);
    const m = JSON.parse(readFileSync(join(d, 'sweep.json'), 'utf8'));
    m.runs = m.runs.slice(0, 3);
    writeFileSync(join(d, 'sweep.json'), JSON.stringify(m, null, 2));
    inCase((c) => ['merge', d, '--out', join(c, 'm')], 3, [/sweep\.json/]);
    const other = join(work, 'sw-r8-other');
    const f = join(work, 'other-sweep.yaml');
    writeFileSync(f, readFileSync(SMOKE, 'utf8').replace('scenario: ../demo/mm1.yaml', `scenario: ${MM1}`).replace('mm1.customers: 20000', 'mm1.customers: 5000'));
    expect(cli(['sweep', f, '--out', other, '--quiet']).code).toBe(0);
    // two different sweeps: a user mistake (exit 2) naming the input that does not belong
    inCase((c) => ['merge', sw, other, '--out', join(c, 'm')], 2, [/sw-r8-other: sweep\.json: expected a shard of the same sweep as .*sw-r8 \(sweep mm1-smoke, hash [0-9a-f]+\), found sweep mm1-smoke, hash [0-9a-f]+/]);
  });
  it('R8d a directory in place of a record: merge and --resume exit 2 naming it, no stack trace', () => {
    const d = copyRun(sw);
    const f = firstRecord(d);
    rmSync(f);
    mkdirSync(f);
    inCase((c) => ['merge', d, '--out', join(c, 'm')], 2, [/runs\/[0-9a-f]+\.json: expected a regular file .*found a directory/]);
    const before = snapshot(d);
    clean(cli(['sweep', SMOKE, '--out', d, '--resume', '--quiet']), 2, /runs\/[0-9a-f]+\.json: expected a regular file \(run record\) or nothing, found a directory/);
    unchangedExcept(d, before, ['.vpsim-lock']);
    expect(existsSync(join(d, '.vpsim-lock'))).toBe(false);
  });
  it('R8e a record that is not a JSON object (null): merge exit 2; --resume says so and reruns that run', () => {
    const d = copyRun(sw);
    const f = firstRecord(d);
    writeFileSync(f, 'null\n');
    inCase((c) => ['merge', d, '--out', join(c, 'm')], 2, [/runs\/[0-9a-f]+\.json: expected a run record \(JSON object\), found something else/]);
    const r = cli(['sweep', SMOKE, '--out', d, '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ignoring .*\.json: not a run record \(a JSON object\); its run is run again/);
    expect(r.stdout).toMatch(/\(1 ok, 0 failed, 11 already complete\)/);
    expect(JSON.parse(readFileSync(f, 'utf8')).status).toBe('ok');
  });
});

describe('reproducer 9: messages point to the right place', () => {
  it('R9a a bad value inside an extended base file is reported against the base file', () => {
    inCase((d) => {
      writeFileSync(join(d, 'base.yaml'), 'name: base\nmodel: mm1\nmm1:\n  customers: -5\n');
      writeFileSync(join(d, 'child.yaml'), 'extends: base.yaml\nname: child\n');
      return ['run', join(d, 'child.yaml'), '--quiet'];
    }, 2, [/base\.yaml: mm1\.customers: expected .*found -5/]);
  });
  it('R9b feeder errors name where the value came from (here the override) and the field', () => {
    inCase((d) => ['run', SC1, '--out', join(d, 'o'), '--quiet', '--set', 'greek.cities.2.feeder=case34'], 2, [/--set greek\.cities\[2\]\.feeder: greek\.cities\[2\]\.feeder: expected a bundled feeder .*found "case34"/]);
    inCase((d) => {
      writeFileSync(join(d, 'feeder.json'), JSON.stringify({ baseMva: 1, buses: [{ id: 1, type: 'slack' }], branches: [{ from: 1, to: 7, r: 0.1, x: 0.1 }] }));
      return ['powerflow', join(d, 'feeder.json')];
    }, 2, [/feeder\.json: /, /expected .*, found /]);
  });
  it('R9c a JSON scenario with a BOM is accepted like YAML with a BOM (exit 0)', () => {
    const d = tempDir('vpsim-repro-');
    writeFileSync(join(d, 'bom.json'), '\uFEFF' + JSON.stringify({ name: 'bomj', model: 'mm1', mm1: { customers: 20 } }));
    writeFileSync(join(d, 'bom.yaml'), '\uFEFFname: bomy\nmodel: mm1\nmm1: { customers: 20 }\n');
    for (const f of ['bom.json', 'bom.yaml']) {
      const r = cli(['run', join(d, f), '--out', join(d, `o-${f}`), '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
  });
});
