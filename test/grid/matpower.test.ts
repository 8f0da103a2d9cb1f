import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFeeder, loadPreparedFeeder } from '../../src/grid/load-feeder.js';
import { parseMatpower } from '../../src/grid/matpower.js';
import { solvePowerFlow } from '../../src/grid/powerflow.js';
import { bundled, fixture, inputErrorOf } from './helpers.js';

const mwText = readFileSync(fixture('case33bw-mw.m'), 'utf8');
const kwText = readFileSync(fixture('feeder4-kw-ohm.m'), 'utf8');

describe('MATPOWER import', () => {
  it('case33bw in MW and p.u. gives the same power flow as the bundled JSON', () => {
    const m = loadPreparedFeeder(fixture('case33bw-mw.m'));
    const j = bundled('case33bw');
    expect(m.feeder.name).toBe('case33bw_mw');
    expect(m.busIds).toEqual(j.busIds);
    m.feeder.buses.forEach((b, i) => {
      expect(b.pKw).toBeCloseTo(j.feeder.buses[i].pKw, 9);
      expect(b.qKvar).toBeCloseTo(j.feeder.buses[i].qKvar, 9);
    });
    expect(m.feeder.branches.filter((b) => !b.inService)).toHaveLength(5);
    const rm = solvePowerFlow(m);
    const rj = solvePowerFlow(j);
    for (let i = 0; i < j.n; i++) expect(Math.abs(rm.vmPu[i] - rj.vmPu[i])).toBeLessThan(1e-9);
    expect(rm.pLossKw).toBeCloseTo(rj.pLossKw, 6);
    expect(rm.vminBus).toBe(18);
  });

  it('understands the kW / ohm conversion statements of MATPOWER distribution cases', () => {
    const m = loadFeeder(fixture('feeder4-kw-ohm.m'));
    const j = loadFeeder(fixture('feeder4.json'));
    expect(m.slackBus).toBe(10);
    expect(m.slackVmPu).toBe(1.02);
    expect(m.buses.map((b) => b.pKw)).toEqual([0, 400, 250, 300]);
    expect(m.branches[2]).toMatchObject({ from: 40, to: 20, rOhm: 0.6, xOhm: 0.5, inService: true });
    expect(m.branches[0].maxCurrentA).toBeCloseTo(262.4319, 3); // rateA 5 MVA at 11 kV
    const rm = solvePowerFlow(loadPreparedFeeder(fixture('feeder4-kw-ohm.m')));
    const rj = solvePowerFlow(loadPreparedFeeder(fixture('feeder4.json')));
    expect(Array.from(rm.vmPu)).toEqual(Array.from(rj.vmPu));
    expect(rm.pLossKw).toBe(rj.pLossKw);
    expect(rm.vmPu[0]).toBe(1.02);
    expect(j.name).toBe('feeder4');
  });

  it('treats the same file without the load conversion as MW', () => {
    const text = kwText.replace('mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;', '');
    expect(parseMatpower(text, 'x.m').buses[1].pKw).toBe(400_000);
  });

  const refuse: [string, (t: string) => string, RegExp][] = [
    ['a PV bus', (t) => t.replace('20\t1\t400', '20\t2\t400'), /mpc\.bus row 2 \(BUS_TYPE\).*PV and isolated buses are not supported/],
    ['a shunt', (t) => t.replace('30\t1\t250\t100\t0\t0', '30\t1\t250\t100\t0\t0.5'), /mpc\.bus row 3 \(GS, BS\): expected 0 \(shunts are not supported\)/],
    ['a transformer tap', (t) => t.replace('1.2\t1.1\t0\t0\t0\t0\t0\t0', '1.2\t1.1\t0\t0\t0\t0\t0.975\t0'), /mpc\.branch row 2 \(TAP\)/],
    ['line charging', (t) => t.replace('1.2\t1.1\t0\t0', '1.2\t1.1\t0.001\t0'), /mpc\.branch row 2 \(BR_B\)/],
    ['a generator away from the slack', (t) => t.replace('mpc.gen = [\n', 'mpc.gen = [\n\t30\t100\t0\t10\t-10\t1\t100\t1\t10\t0;\n'), /mpc\.gen row 1 \(GEN_BUS\)/],
    ['an unknown statement', (t) => t + '\nmpc.bus(3, PD) = 2;\n', /line \d+: expected a MATPOWER case statement vpsim supports \(see docs\/grid\.md\), found "mpc\.bus\(3, PD\) = 2"/],
    ['an unsupported field', (t) => t.replace('%% generator data', 'mpc.dcline = [1 2 3];\n%% generator data'), /unsupported field mpc\.dcline/],
    ['format version 1', (t) => t.replace("mpc.version = '2';", "mpc.version = '1';"), /expected MATPOWER case format version '2', found '1'/],
    ['no slack bus', (t) => t.replace('10\t3\t0', '10\t1\t0'), /expected one slack bus \(type 3\), found none/],
    ['two voltage levels', (t) => t.replace('0\t11\t1\t1.1\t0.9;\n\t30', '0\t20\t1\t1.1\t0.9;\n\t30'), /\(BASE_KV\): expected one voltage level/],
    ['a short row', (t) => t.replace('\t40\t1\t300\t120\t0\t0\t1\t1\t0\t11\t1\t1.1\t0.9;', '\t40\t1\t300;'), /mpc\.bus row 4: expected at least 13 columns, found 3/],
    ['a non-number', (t) => t.replace('250\t100', '250\tabc'), /mpc\.bus row 3: expected numbers, found "abc"/],
  ];
  for (const [what, edit, message] of refuse) {
    it(`refuses ${what} with an InputError naming the place`, () => {
      const text = edit(kwText);
      expect(text).not.toBe(kwText);
      const e = inputErrorOf(() => parseMatpower(text, 'feeder4.m'));
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(/^feeder4\.m: /);
      expect(e.message).toMatch(message);
    });
  }

  it('reports structural problems with MATPOWER row names', () => {
    const text = mwText.replace('\t2\t3\t', '\t2\t99\t');
    const e = inputErrorOf(() => loadPreparedFeeder(fixtureCopy(text)));
    expect(e.message).toMatch(/mpc\.branch row 2 \(T_BUS\): expected the number of a bus of this feeder, found 99/);
  });
});

function fixtureCopy(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpsim-mp-')), 'case.m');
  writeFileSync(file, text);
  return file;
}
