import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/sim/rng.js';
import { gvpSchema } from '../../src/models/gvp/schema.js';
import { expandVps, profileValue, vpPlan } from '../../src/gvp/world.js';

const sc = gvpSchema.parse({
  name: 'w',
  model: 'gvp',
  gvp: {
    jurisdictions: { X: { export: ['flexibility'], import: ['flexibility'] } },
    vps: [
      { id: 'A', jurisdiction: 'X', identity: {}, services: { flexibility: { envelope_kwh: 1000, envelopeProfile: 'flat' } } },
      { id: 'B', jurisdiction: 'X', identity: {}, services: { flexibility: { demand_kwh: 800, demandProfile: 'flat' } } },
    ],
    uncertainty: { envelopeNoiseSd: 0, demandNoiseSd: 0 },
  },
});

describe('GVP world building', () => {
  it('synthetic VPs cycle through the archetypes; the first N are the archetypes themselves', () => {
    const g = { ...sc.gvp, scale: { ...sc.gvp.scale, count: 5 } };
    const vps = expandVps(g, 1);
    expect(vps.map((v) => [v.id, v.archetype])).toEqual([
      ['A', 'A'],
      ['B', 'B'],
      ['A.1', 'A'],
      ['B.1', 'B'],
      ['A.2', 'A'],
    ]);
    expect(vps[0].size).toBe(1);
    expect(vps[2].size).not.toBe(1);
    expect(expandVps(g, 1)).toEqual(vps);
  });

  it('net positions: offers and requests per slot; a nested series adds to the envelope', () => {
    const [a, b] = expandVps(sc.gvp, 1);
    const pa = vpPlan(a, sc.gvp, createRng(1, 'A'));
    expect(pa).toHaveLength(24);
    expect(pa[0]).toEqual([{ service: 'flexibility', net: 1000, cost: 0.05, wtp: 0.12 }]);
    expect(vpPlan(b, sc.gvp, createRng(1, 'B'))[5][0].net).toBe(-800);
    const series = new Array(24).fill(0).map((_, i) => i * 10);
    const pn = vpPlan({ ...a, envelopeSeries: { flexibility: series } }, sc.gvp, createRng(1, 'A'));
    expect(pn[7][0].net).toBe(1070);
  });

  it('profiles stay in (0, 1] and follow local time', () => {
    for (const p of ['flat', 'solar', 'wind', 'hydro', 'evening', 'day', 'night']) {
      for (let s = 0; s < 24; s++) {
        const v = profileValue(p, s, 24);
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(profileValue('solar', 12, 24)).toBeGreaterThan(0.9);
    expect(profileValue('solar', 12, 24, 12)).toBeLessThan(0.1);
  });
});
