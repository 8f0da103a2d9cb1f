// Bad community scenario input: exit 2 (InputError) naming the file, the field path, expected and found.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/models/registry.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'community-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BASE = resolve('scenarios/community/uniform.yaml');

async function fails(name: string, body: string, run = false): Promise<{ exitCode: number; message: string }> {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `extends: ${BASE}\nname: bad\n${body}`);
  try {
    if (run) await runScenarioFile(f, { quiet: true, noWrite: true });
    else await loadScenario(f);
  } catch (e) {
    return e as { exitCode: number; message: string };
  }
  throw new Error(`${name}: loaded without error`);
}

describe('community scenario bad input', () => {
  it.each([
    ['unknown mechanism', 'community:\n  market: { mechanism: auction }\n', /community\.market\.mechanism: expected one of "grid-only"/],
    ['interval not a multiple of 5 min', 'community:\n  time: { interval_s: 1000 }\n', /community\.time\.interval_s: expected a multiple of 300 s/],
    ['meter step not dividing 5 min', 'community:\n  time: { meterStep_s: 240 }\n', /community\.time\.meterStep_s: expected a divisor of 300 s/],
    ['negative collateral ratio', 'community:\n  collateral: { base: -0.1 }\n', /community\.collateral\.base: expected a number >= 0, found -0\.1/],
    ['blackout of an unknown participant', 'community:\n  faults:\n    meterBlackouts: [{ participant: h999, fromInterval: 3, toInterval: 4 }]\n', /community\.faults\.meterBlackouts\[0\]\.participant: expected a participant id/],
    ['blackout outside the horizon', 'community:\n  faults:\n    meterBlackouts: [{ participant: h1, fromInterval: 300, toInterval: 301 }]\n', /community\.faults\.meterBlackouts\[0\]\.fromInterval: expected an interval inside the horizon/],
    ['reversed window', 'community:\n  faults:\n    oracleDisagreement: [{ participant: h1, fromInterval: 10, toInterval: 4 }]\n', /community\.faults\.oracleDisagreement\[0\]\.toInterval: expected an interval not before fromInterval/],
    ['reversed range', 'community:\n  participants:\n    households: { pv_kwp: [8, 3] }\n', /community\.participants\.households\.pv_kwp: expected a range \[low, high\]/],
    ['tariff hours out of order', 'community:\n  tariffs:\n    retail: [{ fromHour: 0, price_mu_per_kwh: 0.1 }, { fromHour: 0, price_mu_per_kwh: 0.2 }]\n', /community\.tariffs\.retail\[1\]\.fromHour: expected hours in increasing order/],
    ['short carbon series', 'community:\n  carbon: { gridIntensity_kg_per_mwh: [300, 310] }\n', /community\.carbon\.gridIntensity_kg_per_mwh: expected one value per interval \(96\)/],
    ['unknown field', 'community:\n  market: { mechansim: cda }\n', /community\.market: expected|mechansim/],
    ['ledger quorum above validators', 'community:\n  ledger: { validators: 2, quorum: 3 }\n', /community\.ledger\.quorum/],
    ['top-up target below the margin call', 'community:\n  collateral: { marginCall: 1.5, topUpTarget: 1.2 }\n', /community\.collateral\.topUpTarget: expected a top-up target >= marginCall/],
  ])('%s', async (name, body, re) => {
    const e = await fails(name.replace(/\s+/g, '-'), body);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(re);
    expect(e.message).toContain('.yaml');
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('a missing feeder file names the scenario field (refused at load, before running)', async () => {
    const e = await fails('missing-feeder', 'community:\n  feeder: no/such/feeder.m\n');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/\.yaml: community\.feeder: expected a bundled feeder .*found "no\/such\/feeder\.m"/);
  });
});
