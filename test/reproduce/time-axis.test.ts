// Greek figures take their time axis from the run's horizon and step (greek.horizon), not a fixed
// 01:00-24:00 day of 5-minute intervals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vpsim } from '../helpers/cli.js';

/** Every object in a spec, data values included. */
function objects(x: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(x)) x.forEach((y) => objects(y, out));
  else if (x && typeof x === 'object') {
    out.push(x as Record<string, any>);
    for (const v of Object.values(x)) objects(v, out);
  }
  return out;
}

describe('Greek figure time axis after a --set shorter horizon', () => {
  const out = join(tempDir(), 'run');
  const r = vpsim(['run', 'test/greek/fixtures/small.yaml', '--quiet', '--svg', '--out', out,
    '--set', 'greek.horizon.start=15:00', '--set', 'greek.horizon.end=19:00', '--set', 'greek.horizon.stepMin=15']);

  it('runs', () => expect(r.code, r.stderr).toBe(0));

  for (const fig of ['fig6', 'fig7', 'fig10']) {
    it(`${fig}: x domain is the horizon 15-19 h, ticks inside it, data on the 15-minute grid`, () => {
      const spec = JSON.parse(readFileSync(join(out, 'figures', `${fig}.vl.json`), 'utf8'));
      const xs = objects(spec).filter((o) => o.field === 'hour' && o.scale?.domain);
      expect(xs.length).toBeGreaterThan(0);
      for (const x of xs) {
        expect(x.scale.domain).toEqual([15, 19]);
        for (const v of x.axis.values) expect(v >= 15 && v <= 19, String(v)).toBe(true);
      }
      const hours = [...new Set(objects(spec).filter((o) => typeof o.hour === 'number' && ('p_kw' in o || 'v_pu' in o || 'price_mu_per_kwh' in o)).map((o) => o.hour as number))].sort((a, b) => a - b);
      expect(hours.length).toBeGreaterThan(0);
      expect(hours[0]).toBeGreaterThanOrEqual(15);
      expect(hours[hours.length - 1]).toBeLessThan(19);
      for (const h of hours) expect(Math.abs(h * 4 - Math.round(h * 4)), String(h)).toBeLessThan(1e-6);
      expect(hours.length).toBe(16); // 4 h of 15-minute intervals
    });
  }
});
