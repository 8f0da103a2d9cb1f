// The output policy and the keystore, end to end (built CLI): a scenario name cannot escape out/,
// no command deletes or replaces a file vpsim did not write, `--out .` works with --force and
// leaves no temporary directory, a changed scenario goes to out/<name>-<hash8>, and the keystore
// is created on first use (0600, outside the run), gives byte-identical runs, and another keystore
// gives other signatures.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
const small = ['--set', 'mm1.customers=200', '--quiet'];
const oneLineExit2 = (r: { code: number; stderr: string }) => {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};
const noTmp = (d: string) => expect(readdirSync(d).filter((f) => f.startsWith('.vpsim-tmp'))).toEqual([]);

describe('output policy', () => {
  it('a name with ../ is refused by validate and run; nothing outside out/ is touched', () => {
    const d = tempDir();
    mkdirSync(join(d, 'victim'));
    writeFileSync(join(d, 'victim', 'keep.txt'), 'mine');
    mkdirSync(join(d, 'work'));
    writeFileSync(join(d, 'work', 'evil.yaml'), 'name: ../../victim\nmodel: mm1\nmm1: { customers: 10 }\n');
    for (const cmd of ['validate', 'run']) {
      const r = vpsim([cmd, 'evil.yaml', ...(cmd === 'run' ? ['--quiet'] : [])], { cwd: join(d, 'work') });
      oneLineExit2(r);
      expect(r.stderr).toMatch(/evil\.yaml: name: expected a plain name/);
    }
    expect(readdirSync(join(d, 'victim'))).toEqual(['keep.txt']);
    expect(existsSync(join(d, 'work', 'out'))).toBe(false);
  });

  it('--out onto a directory with user files, a file, or . is refused; --force keeps every user file', () => {
    const d = tempDir();
    const th = join(d, 'thesis');
    mkdirSync(join(th, 'sub'), { recursive: true });
    writeFileSync(join(th, 'thesis.tex'), 'x');
    writeFileSync(join(th, 'summary.json'), 'my own summary');
    oneLineExit2(vpsim(['run', MM1, '--out', th, ...small]));
    writeFileSync(join(d, 'afile.txt'), 'keep');
    const f = vpsim(['run', MM1, '--out', join(d, 'afile.txt'), ...small]);
    oneLineExit2(f);
    expect(f.stderr).toMatch(/found a file/);
    expect(readFileSync(join(d, 'afile.txt'), 'utf8')).toBe('keep');
    oneLineExit2(vpsim(['run', MM1, '--out', '.', ...small], { cwd: th }));
    // --force into the project-like directory, with `--out .` (no EBUSY, no hidden tmp left)
    const r = vpsim(['run', MM1, '--out', '.', '--force', ...small], { cwd: th });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(th, 'thesis.tex'), 'utf8')).toBe('x');
    expect(readFileSync(join(th, 'summary.json.orig'), 'utf8')).toBe('my own summary');
    expect(statSync(join(th, 'sub')).isDirectory()).toBe(true);
    noTmp(th);
  });

  it('re-running keeps files the user added; merge --out and report refuse foreign targets', () => {
    const d = tempDir();
    const a = join(d, 'a');
    expect(vpsim(['run', MM1, '--out', a, ...small]).code).toBe(0);
    writeFileSync(join(a, 'notes.md'), 'notes');
    writeFileSync(join(a, 'report.html'), '<html>mine</html>');
    expect(vpsim(['run', MM1, '--out', a, '--set', 'mm1.customers=300', '--quiet']).code).toBe(0);
    expect(readFileSync(join(a, 'notes.md'), 'utf8')).toBe('notes');
    oneLineExit2(vpsim(['report', a]));
    expect(readFileSync(join(a, 'report.html'), 'utf8')).toBe('<html>mine</html>');
    const th = join(d, 'th');
    mkdirSync(th);
    writeFileSync(join(th, 'thesis.tex'), 'x');
    const m = vpsim(['merge', a, '--out', th]);
    expect(m.code).toBe(2);
    expect(readdirSync(th)).toEqual(['thesis.tex']);
  });

  it('a changed scenario without --out goes to out/<name>-<hash8> and says so', () => {
    const d = tempDir();
    expect(vpsim(['run', MM1, ...small], { cwd: d }).code).toBe(0);
    const r = vpsim(['run', MM1, '--set', 'mm1.customers=201', '--quiet'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/out\/mm1 holds a run of a different resolved scenario; this run goes to out\/mm1-[0-9a-f]{8}/);
    expect(readdirSync(join(d, 'out')).sort()).toHaveLength(2);
    const base = JSON.parse(readFileSync(join(d, 'out', 'mm1', 'summary.json'), 'utf8'));
    expect(base.overrides).toEqual(['--set mm1.customers=200']);
  });
});

describe('keystore', () => {
  it('is created on first use (0600, outside the run), gives byte-identical runs, another one other signatures', () => {
    const home = tempDir();
    const env = { VPSIM_KEYS: '', XDG_CONFIG_HOME: home };
    const out = tempDir();
    const GVP = join(ROOT, 'scenarios/gvp/s4.yaml');
    expect(vpsim(['run', GVP, '--out', join(out, 'a'), '--quiet'], { env }).code).toBe(0);
    const ks = join(home, 'vpsim', 'keystore.json');
    expect(statSync(ks).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'vpsim')).mode & 0o777).toBe(0o700);
    const secret = JSON.parse(readFileSync(ks, 'utf8')).secret as string;
    for (const f of readdirSync(join(out, 'a'))) expect(readFileSync(join(out, 'a', f), 'utf8')).not.toContain(secret);
    expect(vpsim(['run', GVP, '--out', join(out, 'b'), '--quiet'], { env }).code).toBe(0);
    for (const f of ['ledger.jsonl', 'events.jsonl', 'identities.csv']) expect(readFileSync(join(out, 'b', f), 'utf8')).toBe(readFileSync(join(out, 'a', f), 'utf8'));
    const fp = JSON.parse(readFileSync(join(out, 'a', 'run.json'), 'utf8')).keystoreFingerprint;
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    // the committed test keystore (VPSIM_KEYS of the test setup): other signatures, same events
    expect(vpsim(['run', GVP, '--out', join(out, 'c'), '--quiet']).code).toBe(0);
    expect(readFileSync(join(out, 'c', 'ledger.jsonl'), 'utf8')).not.toBe(readFileSync(join(out, 'a', 'ledger.jsonl'), 'utf8'));
    expect(JSON.parse(readFileSync(join(out, 'c', 'run.json'), 'utf8')).keystoreFingerprint).not.toBe(fp);
    // --keys names a keystore; one inside the output directory is refused
    const inside = vpsim(['run', MM1, '--out', join(out, 'd'), '--keys', join(out, 'd', 'k.json'), ...small]);
    oneLineExit2(inside);
    expect(existsSync(join(out, 'd'))).toBe(false);
  });
});
