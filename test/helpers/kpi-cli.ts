// Runs `vpsim kpi DIR --json` in-process and returns what it printed.
import { vi } from 'vitest';
import { command as kpiCommand } from '../../src/cli/kpi.js';

export async function kpiCli(dir: string): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await (kpiCommand.handler as (a: unknown) => Promise<void>)({ dir, json: true, _: [], $0: 'vpsim' });
  } finally {
    spy.mockRestore();
  }
  return out;
}
