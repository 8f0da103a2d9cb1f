import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/models/registry.js';
import { resolvePoa } from '../../src/ledger/params.js';
import { InputError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'vpsim-ledger-in-'));
const base = `name: t
model: ledger
seed: 1
ledger:
  validators: 4
experiments:
  - kind: dtotal
    N: [100]
    M: [2]
    C: [1]
    size_bytes: 250
`;
const file = join(dir, 'ok.yaml');
writeFileSync(file, base);

async function problem(...set: string[]): Promise<InputError> {
  try {
    await loadScenario(file, { set });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).exitCode).toBe(2);
    return e as InputError;
  }
  throw new Error(`no error for ${set.join(' ')}`);
}

describe('invalid ledger parameters are input errors (exit 2)', () => {
  it('accepts the valid scenario', async () => {
    const s = await loadScenario(file);
    expect(s.scenario.ledger.validators).toBe(4);
  });

  it('M < 1', async () => {
    expect((await problem('ledger.validators=0')).message).toMatch(/ledger\.validators/);
  });

  it('quorum > M', async () => {
    const e = await problem('ledger.quorum=5');
    expect(e.message).toMatch(/ledger\.quorum: expected a quorum in \[1, validators = 4\], found 5/);
  });

  it('negative delays and costs', async () => {
    expect((await problem('ledger.latencyBase_s=-0.1')).message).toMatch(/ledger\.latencyBase_s/);
    expect((await problem('ledger.blockBase_s=-1')).message).toMatch(/ledger\.blockBase_s/);
    expect((await problem('ledger.faults.retransmitTimeout_s=-2')).message).toMatch(/retransmitTimeout_s/);
  });

  it('a block smaller than one transaction', async () => {
    const e = await problem('ledger.maxBlockBytes=600');
    expect(e.message).toMatch(/experiments\[0\]\.size_bytes: expected a transaction size that fits in a block .* found 250/);
    expect((await problem('ledger.maxBlockBytes=100')).message).toMatch(/ledger\.maxBlockBytes/);
    expect((await problem('ledger.faults.crashes=[{"validator":7,"at_s":1,"duration_s":2}]')).message).toMatch(/crashes/);
  });

  it('resolvePoa names the field too', () => {
    expect(() => resolvePoa({ validators: 3, quorum: 4 }, 'x.yaml')).toThrow(/x\.yaml: ledger\.quorum/);
    expect(() => resolvePoa({ validators: 0 }, 'x.yaml')).toThrow(InputError);
    expect(() => resolvePoa({ validators: 2, clientLatency_s: -1 }, 'x.yaml')).toThrow(/clientLatency_s/);
  });
});
