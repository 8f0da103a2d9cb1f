// `vpsim sweep` and `vpsim merge` end to end (built CLI): results do not depend on workers or
// shards, merged shards equal the unsharded sweep byte for byte, and a killed sweep resumes
// without losing or duplicating a run.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeSweeps } from '../../src/sweep/merge.js';
import { runSweep } from '../../src/sweep/run.js';
import { recordDigest } from '../../src/sweep/results.js';
import { BIN, ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
let dir: string;
let sweepFile: string;

const csv = (d: string) => readFileSync(join(d, 'results.csv'), 'utf8');
const dataRows = (d: string) => csv(d).trim().split('\n').slice(1);
/** Row order aside, results.csv must be equal: sort the data rows. */
const normalized = (d: string) => {
  const [head, ...rows] = csv(d).trim().split('\n');
  return [head, ...rows.sort()].join('\n');
};
const records = (d: string) =>
  Object.fromEntries(
    readdirSync(join(d, 'runs'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const r = JSON.parse(readFileSync(join(d, 'runs', f), 'utf8'));
        delete r.timings;
        return [f, r];
      })
  );

function sweep(args: string[], env?: Record<string, string>) {
  const r = vpsim(['sweep', ...args, '--quiet', '--allow-failures'], { env });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

beforeAll(() => {
  dir = tempDir('vpsim-sweep-cli-');
  // 4 points x 2 replicates + a point the model rejects (recorded as failed, not a crash).
  sweepFile = join(dir, 'small.yaml');
  writeFileSync(
    sweepFile,
    `name: small\nscenario: ${MM1}\nseed: 9\nreplicates: 2\nset:\n  mm1.customers: 3000\n  mm1.traceCustomers: 0\n` +
      `design: list\npoints:\n` +
      ['0.3', '0.5', '0.7', '0.9', '-1'].map((a) => `  - { mm1.arrivalRatePerS: ${a} }\n`).join('')
  );
});

describe('vpsim sweep', () => {
  it('gives the same results.csv for 0, 1 or 2 workers, and records failed runs with their message', () => {
    const outs = ['0', '1', '2'].map((w) => {
      const out = join(dir, `w${w}`);
      const r = sweep([sweepFile, '--workers', w, '--out', out]);
      expect(r.stdout).toMatch(/sweep small: 10 runs \(8 ok, 2 failed\)/);
      return out;
    });
    const rows = dataRows(outs[0]);
    expect(rows).toHaveLength(10);
    expect(csv(outs[0]).split('\n')[0]).toMatch(/^runId,replicate,seed,mm1\.arrivalRatePerS,metrics\.customersServed,.*,status,error$/);
    expect(rows.filter((r) => r.includes(',failed,'))).toHaveLength(2);
    expect(rows[9]).toMatch(/,failed,"?mm1\.arrivalRatePerS: expected a number > 0, found -1"?$/);
    expect(csv(outs[1])).toBe(csv(outs[0]));
    expect(csv(outs[2])).toBe(csv(outs[0]));
    expect(records(outs[2])).toEqual(records(outs[0]));
    // Replicates differ (own seeds), so results do depend on the seed at all.
    const wait = rows.slice(0, 2).map((r) => r.split(',')[5]);
    expect(wait[0]).not.toBe(wait[1]);
  });

  it('merges shards into exactly the unsharded sweep, and names missing runs', async () => {
    const full = join(dir, 'w1');
    if (!existsSync(full)) sweep([sweepFile, '--workers', '1', '--out', full]);
    // Shards run in-process (workers do not matter, see above), merged through the CLI and in-process.
    for (const n of [2, 3]) {
      const shards = Array.from({ length: n }, (_, i) => join(dir, `s${n}-${i + 1}`));
      for (const [i, s] of shards.entries()) await runSweep(sweepFile, { shard: { index: i + 1, count: n }, workers: 0, out: s, quiet: true });
      expect(shards.reduce((k, s) => k + dataRows(s).length, 0)).toBe(10);
      const merged = join(dir, `merged${n}`);
      if (n === 2) {
        const m = vpsim(['merge', ...shards, '--out', merged]);
        expect(m.code, m.stderr).toBe(0);
        expect(m.stdout).toMatch(/merged 10\/10 runs of sweep small from 2 dir/);
      } else {
        const m = await mergeSweeps(shards, merged);
        expect(m.missing).toEqual([]);
      }
      expect(normalized(merged)).toBe(normalized(full));
      expect(csv(merged)).toBe(csv(full)); // both are written in plan order
      expect(records(merged)).toEqual(records(full));
    }
    const part = vpsim(['merge', join(dir, 's2-1'), '--out', join(dir, 'partial')]);
    expect(part.code).toBe(2);
    expect(part.stderr).toMatch(/5 of 10 runs incomplete \(5 missing\)/);
    for (const row of dataRows(join(dir, 's2-2'))) expect(part.stderr).toContain(row.split(',')[0]);
    expect(dataRows(join(dir, 'partial'))).toEqual(dataRows(join(dir, 's2-1')));
    const anyway = await mergeSweeps([join(dir, 's2-1'), join(dir, 's3-1')], join(dir, 'partial2'));
    expect(anyway.present).toBe(7); // runs 0,2,4,6,8 and 0,3,6,9: 7 distinct
    expect(anyway.missing.map((r) => r.index)).toEqual([1, 5, 7]);
    // Two different results for one run (same runId and seed) are an integrity failure, exit 3.
    const tampered = join(dir, 'tampered');
    cpSync(join(dir, 's2-1'), tampered, { recursive: true });
    const [victim] = readdirSync(join(tampered, 'runs')).filter((x) => x.endsWith('.json'));
    const rec = JSON.parse(readFileSync(join(tampered, 'runs', victim), 'utf8'));
    rec.metrics.meanWaitS += 1;
    writeFileSync(join(tampered, 'runs', victim), JSON.stringify(rec));
    const bad = await mergeSweeps([join(dir, 's2-1'), tampered], join(dir, 'bad')).then(() => undefined, (e: unknown) => e as { exitCode: number; message: string });
    expect(bad?.exitCode).toBe(3);
    expect(bad?.message).toContain(`runs/${victim}: content digest mismatch`);
    // a record whose digest was recomputed still disagrees with the other shard's record
    rec.digest = recordDigest(rec);
    writeFileSync(join(tampered, 'runs', victim), JSON.stringify(rec));
    const bad2 = await mergeSweeps([join(dir, 's2-1'), tampered], join(dir, 'bad2')).then(() => undefined, (e: unknown) => e as { exitCode: number; message: string });
    expect(bad2?.exitCode).toBe(3);
    expect(bad2?.message).toContain(`run ${victim.replace('.json', '')} has different results`);
  });

  it('exits 1 when runs failed, unless --allow-failures', () => {
    const r = vpsim(['sweep', sweepFile, '--workers', '0', '--out', join(dir, 'nofail'), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 of 10 run\(s\) failed; see the status and error columns of .*results\.csv \(--allow-failures to exit 0 anyway\)/);
  });

  it('--dry-run runs every check run makes on every design point and reports them all', () => {
    const out = join(dir, 'dry-bad');
    const r = vpsim(['sweep', sweepFile, '--dry-run', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/small\.yaml: design point 4 \{"mm1\.arrivalRatePerS":-1\}: mm1\.arrivalRatePerS: expected a number > 0, found -1/);
    expect(existsSync(out)).toBe(false);
  });

  it('lists the runs of a shard with --dry-run and writes nothing', () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, readFileSync(sweepFile, 'utf8').replace('  - { mm1.arrivalRatePerS: -1 }\n', '  - { mm1.arrivalRatePerS: 0.2 }\n'));
    const out = join(dir, 'dry');
    const r = vpsim(['sweep', good, '--dry-run', '--shard', '1/3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^sweep small: 4 runs in shard 1\/3 \(design list, 5 points x 2 replicates, model mm1\)/);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to reuse an output directory without --resume', () => {
    const r = vpsim(['sweep', sweepFile, '--out', join(dir, 'w0'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a new output directory \(or --resume to continue the sweep in it, --force to replace it\)/);
  });

  it('records runs over the time limit as errors, exits 1, and retries them on --resume', async () => {
    const f = join(dir, 'slow.yaml');
    const body = `name: slow\nscenario: ${MM1}\nreplicates: 2\nset:\n  mm1.customers: 100000\n  mm1.traceCustomers: 0\nparameters:\n  mm1.arrivalRatePerS: [0.5]\n`;
    writeFileSync(f, body + 'timeoutS: 0.02\n');
    const out = join(dir, 'slow');
    const r = vpsim(['sweep', f, '--workers', '2', '--out', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 runs \(0 ok, 0 failed, 2 crashed\)/);
    expect(r.stderr).toMatch(/2 run\(s\) crashed/);
    for (const row of dataRows(out)) expect(row).toMatch(/,error,timed out after 0\.02 s$/);
    const m = await mergeSweeps([out], join(dir, 'slow-merged')); // crashed runs are not complete
    expect(m.missing).toEqual([]);
    expect(m.crashed.map((c) => c.error)).toEqual(['timed out after 0.02 s', 'timed out after 0.02 s']);
    writeFileSync(f, body); // no limit: same runIds, so --resume retries exactly those runs
    const again = sweep([f, '--workers', '2', '--out', out, '--resume']);
    expect(again.stdout).toMatch(/2 runs \(2 ok, 0 failed\)/);
    expect(dataRows(out).every((row) => row.endsWith(',ok,'))).toBe(true);
  });

  it('resumes a killed sweep without losing or duplicating a run', async () => {
    const total = 80;
    const f = join(dir, 'long.yaml');
    writeFileSync(f, `name: long\nscenario: ${MM1}\nreplicates: ${total}\nset:\n  mm1.customers: 10000\n  mm1.traceCustomers: 0\nparameters:\n  mm1.arrivalRatePerS: [0.8]\n`);
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [BIN, 'sweep', f, '--workers', '1', '--out', out, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const runsDir = join(out, 'runs');
    const count = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((x) => x.endsWith('.json')).length : 0);
    for (let i = 0; i < 3000 && count() < 5; i++) await sleep(10);
    child.kill('SIGKILL');
    const code = await exited;
    expect(code).toBeNull(); // killed, not finished
    const before = readdirSync(runsDir).filter((x) => x.endsWith('.json'));
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.length).toBeLessThan(total);
    // Every streamed row has its JSON on disk; then simulate a torn last line.
    for (const row of dataRows(out)) expect(before).toContain(`${row.split(',')[0]}.json`);
    const kept = Object.fromEntries(before.map((x) => [x, readFileSync(join(runsDir, x), 'utf8')]));
    appendFileSync(join(out, 'results.csv'), 'deadbeefdeadbeef,3,12');

    const r = sweep([f, '--workers', '2', '--out', out, '--resume']);
    expect(r.stdout).toMatch(new RegExp(`${total} runs \\(${total - before.length} ok, 0 failed, ${before.length} already complete\\)`));
    const ids = dataRows(out).map((row) => row.split(',')[0]);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids).not.toContain('deadbeefdeadbeef');
    // Runs finished before the kill were not run again (their records, timings included, are untouched).
    for (const [x, text] of Object.entries(kept)) expect(readFileSync(join(runsDir, x), 'utf8')).toBe(text);
    // And the result equals an uninterrupted sweep.
    const clean = join(dir, 'clean');
    sweep([f, '--workers', '2', '--out', clean]);
    expect(csv(out)).toBe(csv(clean));
  });
});
