// User mistakes in feeder files and CLI arguments: an InputError (exit 2) naming file, field, expected, found.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/powerflow.js';
import { loadFeeder } from '../../src/grid/load-feeder.js';
import { addExtraLoads, parseExtraLoad } from '../../src/grid/loads.js';
import { nominalLoads } from '../../src/grid/powerflow.js';
import { InputError } from '../../src/util/errors.js';
import { bundled, inputErrorOf, prepareRaw, rawFeeder } from './helpers.js';

type Edit = (f: any) => void;
const cases: [string, Edit, RegExp][] = [
  ['a branch to an unknown bus', (f) => (f.branches[4].to = 77), /^test\.json: branches\[4\]\.to: expected the number of a bus of this feeder, found 77$/],
  ['duplicate bus ids', (f) => (f.buses[9].id = 4), /^test\.json: buses\[9\]\.id: expected a unique bus number, found 4, already used by buses\[3\]$/],
  ['a bus not connected to the slack', (f) => (f.branches[17].inService = false), /^test\.json: buses\[18\]: expected a bus connected to slack bus 1 through in-service branches, found bus 19, not connected$/],
  ['a closed tie (meshed network)', (f) => (f.branches[32].inService = true), /^test\.json: branches\[\d+\]: expected a radial network \(open one branch of each loop by setting it out of service\), found branch \d+-\d+ closing a loop$/],
  ['a negative resistance', (f) => (f.branches[2].rOhm = -0.3), /^test\.json: branches\[2\]\.rOhm: expected an impedance >= 0 ohm, found -0\.3$/],
  ['a zero impedance', (f) => Object.assign(f.branches[2], { rOhm: 0, xOhm: 0 }), /^test\.json: branches\[2\]: expected a non-zero series impedance/],
  ['a branch from a bus to itself', (f) => (f.branches[2].to = f.branches[2].from), /branches\[2\]\.to: expected a bus other than the from bus/],
  ['an unknown slack bus', (f) => (f.slackBus = 0), /^test\.json: slackBus: expected the number of a bus of this feeder, found 0$/],
  ['a text load', (f) => (f.buses[3].pKw = '120'), /^test\.json: buses\[3\]\.pKw: expected a finite number, found "120"$/],
  ['a misspelt field', (f) => (f.branches[0].rohm = 1), /^test\.json: branches\[0\]\.rohm: expected one of the fields .*, found unknown field "rohm"$/],
  ['a fractional bus id', (f) => (f.buses[2].id = 2.5), /buses\[2\]\.id: expected an integer bus number, found 2\.5/],
  ['totals that disagree with the buses', (f) => (f.buses[5].pKw = 61), /^test\.json: totals\.pKw: expected the sum of buses\[\]\.pKw \(3716\), found 3715$/],
  ['no buses', (f) => (f.buses = []), /^test\.json: buses: expected a non-empty list, found a list of 0$/],
  ['a zero base voltage', (f) => (f.baseKV = 0), /^test\.json: baseKV: expected a number > 0, found 0$/],
  ['vMax below vMin', (f) => Object.assign(f, { vMinPu: 0.95, vMaxPu: 0.9 }), /vMaxPu: expected a number >= 0\.95, found 0\.9/],
];

describe('bad feeder files', () => {
  for (const [what, edit, message] of cases) {
    it(`refuses ${what}`, () => {
      const raw = rawFeeder('case33bw');
      edit(raw);
      const e = inputErrorOf(() => prepareRaw(raw));
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(message);
    });
  }
  it('refuses malformed JSON, an unknown feeder and an unknown extension', () => {
    expect(inputErrorOf(() => prepareRaw('{"baseKV": 12,')).message).toMatch(/^test\.json: expected valid JSON, found a syntax error/);
    expect(inputErrorOf(() => loadFeeder('case34')).message).toMatch(/^case34: expected a bundled feeder \(case33bw, case69, mv40\) or an existing \.json or \.m file, found no such feeder or file$/);
    expect(inputErrorOf(() => loadFeeder(fileURLToPath(import.meta.url))).message).toMatch(/expected a feeder file ending in \.json or \.m/);
  });
});

describe('--add-load', () => {
  it('parses BUS:P:Q with negative P as an injection and Q optional', () => {
    expect(parseExtraLoad('18:250:50')).toEqual({ busId: 18, pKw: 250, qKvar: 50 });
    expect(parseExtraLoad('25:-300')).toEqual({ busId: 25, pKw: -300, qKvar: 0 });
  });
  for (const bad of ['18', '18:abc:1', 'x:1:1', '18:1:2:3', '18::1', '1.5:10:0', '']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      const e = inputErrorOf(() => parseExtraLoad(bad));
      expect(e.message).toBe(`powerflow: --add-load: expected BUS:P_KW:Q_KVAR (a bus number, then kW and kvar; Q optional), found ${JSON.stringify(bad)}`);
    });
  }
  it('refuses an unknown bus', () => {
    const prep = bundled('case33bw');
    const e = inputErrorOf(() => addExtraLoads(prep, nominalLoads(prep), [{ busId: 34, pKw: 10, qKvar: 0 }]));
    expect(e.message).toBe('powerflow: --add-load: expected a bus of feeder case33bw (33 buses, ids 1..33), found 34');
  });
});

/** Runs the powerflow command in-process; returns stdout, or throws what the handler threw. */
async function runCommand(argv: string[]): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
  try {
    await yargs(argv).command(command).strict().fail((msg, err) => { throw err ?? new Error(msg); }).parseAsync();
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

describe('vpsim powerflow (in-process)', () => {
  it('prints the required JSON fields', async () => {
    const out = JSON.parse(await runCommand(['powerflow', 'case33bw', '--json']));
    expect(out).toMatchObject({ converged: true, vminBus: 18 });
    for (const k of ['iterations', 'pLossKw', 'qLossKvar', 'vmin']) expect(typeof out[k]).toBe('number');
    expect(out.vm).toHaveLength(33);
    expect(out.pLossKw).toBeCloseTo(202.677, 3);
  });
  it('applies --load-scale, --add-load and --slack-vm', async () => {
    const base = JSON.parse(await runCommand(['powerflow', 'case33bw', '--json', '--load-scale', '0.5']));
    const more = JSON.parse(await runCommand(['powerflow', 'case33bw', '--json', '--load-scale', '0.5', '--add-load', '18:300:100', '--add-load', '25:-200']));
    const high = JSON.parse(await runCommand(['powerflow', 'case33bw', '--json', '--load-scale', '0.5', '--slack-vm', '1.03']));
    expect(more.pKw[17]).toBe(45 + 300);
    expect(more.pKw[24]).toBe(210 - 200);
    expect(more.vm[17]).toBeLessThan(base.vm[17]);
    expect(more.vm[24]).toBeGreaterThan(base.vm[24]);
    expect(high.vm[0]).toBe(1.03);
  });
  it('prints a readable table', async () => {
    const out = await runCommand(['powerflow', 'mv40', '--branches']);
    expect(out).toMatch(/feeder mv40 \(40 buses, 20 kV\)/);
    expect(out).toMatch(/status converged/);
    expect(out).toMatch(/\(open\)/);
  });
  it('turns bad arguments into InputErrors', async () => {
    await expect(runCommand(['powerflow', 'case33bw', '--add-load', '18:x'])).rejects.toThrow(InputError);
    await expect(runCommand(['powerflow', 'case33bw', '--load-scale', '-1'])).rejects.toThrow(/--load-scale: expected a number >= 0, found -1/);
    await expect(runCommand(['powerflow', 'case33bw', '--slack-vm', '0'])).rejects.toThrow(/--slack-vm: expected a slack voltage between 0\.5 and 1\.5 p\.u\., found 0/);
    await expect(runCommand(['powerflow', 'nosuch.json'])).rejects.toThrow(/nosuch\.json: expected a bundled feeder/);
  });
});

// The built executable: exit codes and no stack trace (`npm test` builds first).
const bin = fileURLToPath(new URL('../../bin/vpsim.js', import.meta.url));
describe('vpsim powerflow (built executable; npm test builds first)', () => {
  it('exits 0 with JSON for a bundled feeder, from any working directory', () => {
    const r = spawnSync(process.execPath, [bin, 'powerflow', 'case33bw', '--json'], { cwd: '/', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).vminBus).toBe(18);
  });
  it('exits 2 with a one-line message for bad input', () => {
    const r = spawnSync(process.execPath, [bin, 'powerflow', 'case33bw', '--add-load', '99:10:0'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('vpsim: powerflow: --add-load: expected a bus of feeder case33bw (33 buses, ids 1..33), found 99');
  });
});

describe('vpsim powerflow without a solution', () => {
  it('says so instead of printing numbers, and JSON carries the status', async () => {
    // no solution is a result (printed) and exit 2 with the reason
    const chunks: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
    try {
      await expect(yargs(['powerflow', 'case33bw', '--load-scale', '8']).command(command).strict().fail((msg, err) => { throw err ?? new Error(msg); }).parseAsync()).rejects.toThrow(/no solution: diverged/);
      await expect(yargs(['powerflow', 'case33bw', '--load-scale', '8', '--json']).command(command).strict().fail((msg, err) => { throw err ?? new Error(msg); }).parseAsync()).rejects.toMatchObject({ exitCode: 2 });
    } finally {
      process.stdout.write = write;
    }
    const [table, json] = [chunks.slice(0, -1).join(''), JSON.parse(chunks[chunks.length - 1])];
    expect(table).toMatch(/status diverged/);
    expect(table).toMatch(/no solution: diverged after \d+ iterations/);
    expect(table).not.toMatch(/losses/);
    expect(json).toMatchObject({ converged: false, status: 'diverged' });
  });
});

describe('unreadable feeder paths', () => {
  it('refuses a directory named like a feeder file', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vpsim-feeder-')), 'dir.json');
    mkdirSync(dir);
    expect(inputErrorOf(() => loadFeeder(dir)).message).toMatch(/dir\.json: expected a regular file \(feeder file\), found a directory/);
  });
});
