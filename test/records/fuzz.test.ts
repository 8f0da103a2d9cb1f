// The fuzz suite (fast-check, in-process): at least 500 generated malformed scenario files, sweep
// files, --set values and special files per run. Each must end with exit 0 (a valid input) or 2 (a
// user mistake) — never 1 or a crash — with one line naming the file, the field path, what was
// expected and what was found; no stack trace; nothing left behind; memory stays bounded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'vpsim-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
let cases = 0;

/** Runs the CLI in-process; returns exit code and what it printed. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await main(argv);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  const code = (process.exitCode as number | undefined) ?? 0;
  process.exitCode = undefined;
  cases++;
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A refusal: exit 2, one line per problem "vpsim: FILE: [PATH: ]expected X, found Y", no stack trace. */
function expectRefusal(r: { code: number; stderr: string }, file?: string): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('(see vpsim'));
  expect(lines.length, r.stderr).toBeGreaterThanOrEqual(1);
  for (const l of lines) expect(l, r.stderr).toMatch(/^vpsim: .+: expected .+, found .+$/);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|TypeError|RangeError/);
  if (file) expect(lines[0]).toContain(file);
}
function expectOkOrRefusal(r: { code: number; stderr: string }): void {
  if (r.code === 0) return;
  expectRefusal(r);
}
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.vpsim-tmp') || f.endsWith('.tmp'));

// JSON-ish values a careless user or an attacker might put anywhere
const junk = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 1e-300, 1.5, '', ' ', 'NaN', '..', '../../x', 'a\u0000b', '\n', [], {}, [1, 2], { a: 1 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer(), { maxLength: 3 })
);
const mm1Fields = ['name', 'model', 'seed', 'description', 'mm1', 'mm1.arrivalRatePerS', 'mm1.serviceRatePerS', 'mm1.customers', 'mm1.sampleIntervalS', 'mm1.traceCustomers', 'mm1.nosuch', 'extra'];

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const ks = path.split('.');
  let cur: Record<string, unknown> = o;
  for (const k of ks.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[ks[ks.length - 1]] = v;
}

describe('fuzz: malformed inputs are refused cleanly', () => {
  it('mutated scenario files (YAML and JSON, with and without BOM, through extends)', async () => {
    const dir = join(work, 'scen');
    mkdirSync(dir);
    writeFileSync(join(dir, 'base.yaml'), 'name: base\nmodel: mm1\nmm1:\n  customers: 50\n');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...mm1Fields), junk), { minLength: 1, maxLength: 3 }), fc.constantFrom('yaml', 'json', 'json-bom', 'extends'), async (edits, form) => {
        const doc: Record<string, unknown> = { name: 'fz', model: 'mm1', mm1: { customers: 50 } };
        for (const [p, v] of edits) setPath(doc, p, v);
        const f = join(dir, `s${n++}.${form === 'yaml' ? 'yaml' : form === 'extends' ? 'yaml' : 'json'}`);
        let text = form === 'yaml' ? (await import('yaml')).stringify(doc) : JSON.stringify(doc);
        if (form === 'json-bom') text = '\uFEFF' + text;
        if (form === 'extends') {
          // the bad values live in the base file: the message must name it, not the child
          writeFileSync(join(dir, `b${n}.json`), JSON.stringify({ ...doc, name: 'fz' }));
          text = `extends: b${n}.json\ndescription: child\n`;
        }
        writeFileSync(f, text);
        const r = await cli(['validate', f]);
        expectOkOrRefusal(r);
        if (r.code === 2 && form === 'extends' && !/extends/.test(r.stderr)) expect(r.stderr).toContain(`b${n}.json`);
      }),
      { numRuns: 260, seed: 12 }
    );
    expect(leftovers(dir)).toEqual([]);
  });

  it('a scenario name is a name: separators, .., NUL, control characters refused by validate and run', async () => {
    const dir = join(work, 'names');
    mkdirSync(dir);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('../../../../victim', '..', '.', 'a/b', 'a\\b', 'x\u0000y', 'line\nbreak', '.hidden', '/abs', ' pad', 'a'.repeat(101)), fc.string({ maxLength: 6 }).map((s) => `../${s}`)), async (name) => {
        const f = join(dir, `n${n++}.json`);
        writeFileSync(f, JSON.stringify({ name, model: 'mm1', mm1: { customers: 20 } }));
        for (const cmd of ['validate', 'run']) {
          const r = await cli(cmd === 'run' ? ['run', f, '--quiet'] : ['validate', f]);
          expectRefusal(r, f);
          expect(r.stderr.trim().split('\n')).toHaveLength(1);
          expect(r.stderr).toMatch(/name: expected a plain name/);
        }
      }),
      { numRuns: 40, seed: 3 }
    );
    expect(readdirSync(dir).every((f) => f.endsWith('.json'))).toBe(true);
  });

  it('--set values and --seed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...mm1Fields, 'mm1.customers.x', 'mm1..a', '', '=1', 'a b'),
        fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('1e308', '-1', '1e-300', '[]', '{a: 1}', '&a [*a]', '"', 'null', '.inf', '.nan')),
        fc.option(fc.constantFrom('', '-3', 'x', '1.5', '99999999999999999999'), { nil: undefined }),
        async (path, value, seed) => {
          const r = await cli(['validate', MM1, '--set', `${path}=${value}`]);
          expectOkOrRefusal(r);
          if (seed !== undefined) expectRefusal(await cli(['run', MM1, '--quiet', '--out', join(work, 'never'), '--seed', seed, '--set', 'mm1.customers=0']));
          const v = await cli(['run', MM1, '--quiet', '--out', join(work, 'never'), '--set', 'mm1.customers=1e308', '--set', `${path}=${value}`]);
          expectRefusal(v);
        }
      ),
      { numRuns: 90, seed: 5 }
    );
    expect(readdirSync(work)).not.toContain('never');
  });

  it('malformed sweep files', async () => {
    const dir = join(work, 'sweeps');
    mkdirSync(dir);
    let n = 0;
    const fields = ['name', 'scenario', 'seed', 'replicates', 'design', 'samples', 'parameters', 'points', 'set', 'timeoutS', 'metrics', 'nosuch'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...fields), junk), { minLength: 1, maxLength: 3 }), async (edits) => {
        const doc: Record<string, unknown> = { name: 'fz', scenario: MM1, parameters: { 'mm1.arrivalRatePerS': [0.5] } };
        for (const [p, v] of edits) doc[p] = v;
        const f = join(dir, `w${n++}.json`);
        writeFileSync(f, JSON.stringify(doc));
        const r = await cli(['sweep', f, '--dry-run']);
        expectOkOrRefusal(r);
      }),
      { numRuns: 80, seed: 8 }
    );
    expect(leftovers(dir)).toEqual([]);
  });

  it('special files anywhere a file is read: devices, FIFOs, directories, symlinks, YAML bombs', async () => {
    const dir = join(work, 'special');
    mkdirSync(dir);
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(join(dir, 'adir.yaml'));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    writeFileSync(join(dir, 'bomb.yaml'), `name: b\nmodel: mm1\n${bomb}\n`);
    writeFileSync(join(dir, 'alias.yaml'), 'name: *nope\nmodel: mm1\n');
    const specials = ['/dev/zero', '/dev/urandom', '/dev/null', fifo, join(dir, 'adir.yaml'), join(dir, 'zero.yaml'), join(dir, 'missing.yaml'), join(dir, 'bomb.yaml'), join(dir, 'alias.yaml')];
    // a run directory whose records are special files
    const runDir = join(dir, 'run');
    expect((await cli(['run', MM1, '--quiet', '--out', runDir, '--set', 'mm1.customers=30'])).code).toBe(0);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...specials), fc.constantFrom('scenario', 'extends', 'sweep-scenario', 'sweep', 'events', 'ledger', 'summary', 'feeder'), async (special, where) => {
        const k = cases;
        let r;
        if (where === 'scenario') r = await cli(['validate', special]);
        else if (where === 'extends') {
          const f = join(dir, `e${k}.yaml`);
          writeFileSync(f, `extends: ${special}\nname: x\n`);
          r = await cli(['run', f, '--quiet', '--out', join(dir, `o${k}`)]);
          if (r.code === 2 && !special.includes('bomb') && !special.includes('alias')) expect(r.stderr).toMatch(new RegExp(`e${k}\\.yaml|${special.replace(/[/.]/g, '\\$&')}`));
        } else if (where === 'sweep-scenario') {
          const f = join(dir, `w${k}.yaml`);
          writeFileSync(f, `name: w${k}\nscenario: ${special}\nparameters:\n  mm1.customers: [10]\n`);
          r = await cli(['sweep', f, '--dry-run']);
        } else if (where === 'sweep') r = await cli(['sweep', special, '--dry-run']);
        else if (where === 'feeder') r = await cli(['powerflow', special]);
        else {
          const d = join(dir, `r${k}`);
          execFileSync('cp', ['-r', runDir, d]);
          const f = join(d, where === 'events' ? 'events.jsonl' : where === 'ledger' ? 'ledger.jsonl' : 'summary.json');
          rmSync(f, { recursive: true, force: true });
          symlinkSync(special, f);
          r = await cli([where === 'summary' ? 'ledger' : 'kpi', ...(where === 'summary' ? ['verify', d] : [d])]);
          // this run has no ledger: without ledger.jsonl it is complete
          if (where === 'ledger' && special.endsWith('missing.yaml') && r.code === 0) return;
          // a missing file or /dev/null (an empty record) may be an integrity failure instead
          if (r.code === 3) {
            expect(r.stderr.trim().split('\n')).toHaveLength(1);
            return;
          }
        }
        if (special.endsWith('/dev/null') && r.code !== 2) return expectOkOrRefusal(r);
        expectRefusal(r);
      }),
      { numRuns: 90, seed: 21 }
    );
    expect(readdirSync(dir).filter((f) => f.startsWith('o'))).toEqual([]);
    expect(leftovers(dir)).toEqual([]);
  });

  it('ran at least 500 generated cases in bounded memory', () => {
    expect(cases).toBeGreaterThanOrEqual(500);
    expect(process.memoryUsage().heapUsed).toBeLessThan(2 * 1024 ** 3);
  });
});
