// Runs `vpsim kpi DIR --json` in-process and returns what it printed.
import { vi } from 'vitest';
import { command as kpiCommand } from '../../src/cli/kpi.js';

/** The integrity failure of the last kpiCli call (records that do not verify: exit 3), or null. */
export let lastRecordsFailure: string | null = null;

export async function kpiCli(dir: string): Promise<string> {
  lastRecordsFailure = null;
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await (kpiCommand.handler as (a: unknown) => Promise<void>)({ dir, json: true, _: [], $0: 'vpsim' });
  } catch (err) {
    // kpi prints what it can compute, then fails with exit 3 when the records do not verify
    if ((err as { exitCode?: number }).exitCode !== 3) throw err;
    lastRecordsFailure = (err as Error).message;
  } finally {
    spy.mockRestore();
  }
  return out;
}
