import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFields } from '../../src/scenarios/schema-doc.js';
import { vpsim } from '../helpers/cli.js';

describe('scenario field reference', () => {
  it('lists nested fields, list items, defaults, ranges and descriptions', () => {
    const s = z
      .object({
        a: z.number().positive().default(2).describe('power, kW'),
        items: z.array(z.object({ id: z.string(), p: z.number().int().min(0) }).strict()),
        mode: z.enum(['lp', 'pso']).optional(),
      })
      .strict();
    const f = describeFields(s);
    expect(f.map((x) => x.path)).toEqual(['a', 'items', 'items[].id', 'items[].p', 'mode']);
    expect(f[0]).toMatchObject({ type: 'number (> 0)', default: 2, description: 'power, kW', required: false });
    expect(f[3]).toMatchObject({ type: 'integer (>= 0)', required: true });
    expect(f[4].type).toBe('"lp" | "pso"');
  });

  it('vpsim schema prints the mm1 fields', () => {
    const r = vpsim(['schema', 'mm1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mm1.arrivalRatePerS: number (> 0) = 0.9');
    expect(vpsim(['schema', 'nope']).code).toBe(2);
  });
});
