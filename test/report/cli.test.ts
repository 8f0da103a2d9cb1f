// The reproduce and report commands as a user runs them (requires `npm run build`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vpsim } from '../helpers/cli.js';

describe('vpsim reproduce / report', () => {
  it('--list names every item with its paper reference', () => {
    const r = vpsim(['reproduce', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fig6\s+figure\s+Energies 2025, Fig\. 6/m);
    expect(r.stdout).toMatch(/^table3\s+table\s+Energies 2025, Table 3/m);
    expect(r.stdout).toMatch(/^gvp-kpis\s+table\s+Information 2026/m);
  });

  it('unknown id and no id are exit 2 with a message', () => {
    const a = vpsim(['reproduce', 'fig99', '--out', tempDir()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("'fig99'");
    const b = vpsim(['reproduce']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--list');
  });

  it('reproduce mm1-queue then report', () => {
    const out = tempDir();
    const r = vpsim(['reproduce', 'mm1-queue', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mm1-queue\s+ok/);
    expect(existsSync(join(out, 'figures', 'mm1-queue.svg'))).toBe(true);
    expect(readFileSync(join(out, 'paper-vs-sim.csv'), 'utf8')).toContain('mm1.meanWait');
    const rep = vpsim(['report', join(out, 'runs', 'mm1')]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(readFileSync(join(out, 'runs', 'mm1', 'report.html'), 'utf8')).toContain('<svg');
  });

  it('report on a missing directory is exit 2', () => {
    const r = vpsim(['report', join(tempDir(), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such directory');
  });
});
