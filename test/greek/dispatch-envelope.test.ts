import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPower, effectiveTargetKwh, intervalPowerRange, type EvSpec } from '../../src/greek/battery.js';
import { dispatchLlf, reachableFromPlugIn } from '../../src/greek/dispatch.js';
import { clusterEnvelope, type PluggedEv } from '../../src/greek/envelope.js';

const H = 3600;
function fleet(n: number, seed: number): PluggedEv[] {
  const out: PluggedEv[] = [];
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const cap = [40, 60, 80][i % 3];
    const spec: EvSpec = {
      id: `ev${i}`, cev: 0, userType: 'private', battery: 'b', capacityKwh: cap, maxChargeKw: [7.4, 11, 22][i % 3], maxDischargeKw: 7.4,
      efficiency: 0.92, arrivalS: 8 * H, departureS: (9 + 8 * rnd()) * H, deadlineS: 0, socInit: 0.3, socTarget: 0.9, socFloor: 0.2, socMax: 1,
    };
    spec.deadlineS = spec.departureS;
    out.push({ spec, eKwh: cap * (0.25 + 0.6 * rnd()) });
  }
  return out;
}

const rangeLo = (x: PluggedEv) => intervalPowerRange(x.spec, x.eKwh, 9 * H, 300, true).lo;

describe('least-laxity-first dispatch', () => {
  it('respects vehicle limits, the cap, V2G only as planned, and keeps every target reachable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.boolean(), (n, seed, ch, dis, capped) => {
        const evs = fleet(n, seed);
        const cap = capped ? 150 : Infinity;
        const r = dispatchLlf(evs, ch, dis, 9 * H, 300, true, cap);
        let c = 0, d = 0;
        r.pKw.forEach((p, i) => {
          const ev = evs[i].spec;
          expect(p).toBeLessThanOrEqual(ev.maxChargeKw + 1e-9);
          expect(p).toBeGreaterThanOrEqual(-ev.maxDischargeKw - 1e-9);
          const after = applyPower(ev, evs[i].eKwh, p, 300 / H).eKwh;
          expect(after).toBeGreaterThanOrEqual(Math.min(evs[i].eKwh, 0.2 * ev.capacityKwh) - 1e-9);
          // full power after this interval still reaches the (reachable) target, whatever the cap,
          // of every vehicle that is not best effort (a cap cuts best-effort charging, never a
          // target's must-run power)
          if (reachableFromPlugIn(ev) || !capped) {
            const reach = after + (ev.maxChargeKw * ev.efficiency * Math.max(0, ev.deadlineS - 9 * H - 300)) / H;
            expect(reach).toBeGreaterThanOrEqual(effectiveTargetKwh(ev, evs[i].eKwh, 9 * H) - 1e-6);
          }
          if (p > 0) c += p;
          else d -= p;
        });
        expect(c).toBeCloseTo(r.chargeKw, 6);
        expect(d).toBeCloseTo(r.dischargeKw, 6);
        // the cap holds down to the must-run charging (less the planned V2G that offsets it)
        if (capped) expect(r.chargeKw - r.dischargeKw).toBeLessThanOrEqual(Math.max(cap, r.mustKw - r.dischargeKw) + 1e-6);
        expect(r.dischargeKw).toBeLessThanOrEqual(dis + 1e-9);
        // inside the vehicles' range (and with must-run charge planned as charge) the net power is exact
        const want = Math.min(ch - dis, cap);
        const mustCh = evs.reduce((s, x) => s + Math.max(0, rangeLo(x)), 0);
        if (want >= r.minKw && want <= r.maxKw && want >= mustCh - dis) expect(r.chargeKw - r.dischargeKw).toBeCloseTo(want, 6);
      }),
      { numRuns: 300 }
    );
  });

  it('serves the most urgent vehicle first', () => {
    const evs = fleet(3, 7);
    evs[0].spec.deadlineS = evs[0].spec.departureS = 9.5 * H; // urgent
    evs[1].spec.deadlineS = evs[1].spec.departureS = 17 * H;
    evs[2].spec.deadlineS = evs[2].spec.departureS = 17 * H;
    evs.forEach((e) => (e.eKwh = 0.3 * e.spec.capacityKwh));
    const r = dispatchLlf(evs, evs[0].spec.maxChargeKw, 0, 9 * H, 300, false);
    expect(r.pKw[0]).toBeCloseTo(evs[0].spec.maxChargeKw, 9);
    expect(r.pKw[1]).toBe(0);
  });
});

describe('least-laxity-first dispatch: best-effort charging yields to a curtailment cap', () => {
  // three vehicles plugged in 8:00-10:00: one whose 90% full power could never reach (best effort,
  // full power), one that must charge now to reach it (must-run), one with laxity
  const mk = (): PluggedEv[] => {
    const evs = fleet(3, 5);
    evs.forEach((e) => (e.spec.deadlineS = e.spec.departureS = 10 * H));
    evs[1].spec.socInit = evs[2].spec.socInit = 0.6; // reachable from plug-in at 8:00
    evs[0].eKwh = 0.3 * evs[0].spec.capacityKwh; // 40 kWh at 7.4 kW from 30%: 13.6 kWh in 2 h, 24 needed
    evs[1].eKwh = 0.9 * evs[1].spec.capacityKwh - 0.92 * 11 * 0.99; // 60 kWh at 11 kW: needs ~59 min of 60
    evs[2].eKwh = 0.9 * evs[2].spec.capacityKwh - 5; // 80 kWh at 22 kW: 5 kWh short
    return evs;
  };
  it('the floor (mustKw) leaves best-effort charging out', () => {
    const evs = mk();
    expect(evs.map((e) => reachableFromPlugIn(e.spec))).toEqual([false, true, true]);
    const lo = evs.map(rangeLo);
    expect(lo[0]).toBeCloseTo(evs[0].spec.maxChargeKw, 9); // best effort: full power
    expect(lo[1]).toBeGreaterThan(0);
    expect(lo[2]).toBeLessThanOrEqual(0);
    const r = dispatchLlf(evs, 100, 0, 9 * H, 300, true);
    expect(r.mustKw).toBeCloseTo(lo[1], 9);
  });
  it('a cap cuts the flexible vehicle first, then the best-effort one, never the must-run one', () => {
    const evs = mk();
    const lo = evs.map(rangeLo);
    const full = dispatchLlf(evs, 100, 0, 9 * H, 300, true);
    expect(full.pKw[2]).toBeGreaterThan(0);
    // cap at the must-run power plus half the best-effort power: the flexible vehicle is cut to 0
    const capKw = lo[1] + lo[0] / 2;
    const r = dispatchLlf(evs, 100, 0, 9 * H, 300, true, capKw);
    expect(r.pKw[2]).toBeCloseTo(0, 9);
    expect(r.pKw[0]).toBeCloseTo(lo[0] / 2, 6);
    expect(r.pKw[1]).toBeCloseTo(lo[1], 9);
    // a cap below the floor: best effort cut to zero, the must-run vehicle keeps its power
    const z = dispatchLlf(evs, 100, 0, 9 * H, 300, true, 0);
    expect(z.pKw[0]).toBeCloseTo(0, 9);
    expect(z.pKw[1]).toBeCloseTo(lo[1], 9);
  });
});

describe('least-laxity-first dispatch: must-run vehicles', () => {
  it('does not charge a leaving vehicle beyond its target without a set-point', () => {
    const evs = fleet(2, 3);
    for (const e of evs) e.spec.deadlineS = e.spec.departureS = 9 * H + 240; // leaves within the interval
    evs[0].eKwh = 0.9 * evs[0].spec.capacityKwh; // at its target
    evs[1].eKwh = 0.9 * evs[1].spec.capacityKwh - 0.2; // 0.2 kWh short
    const r = dispatchLlf(evs, 0, 0, 9 * H, 300, false);
    expect(r.pKw[0]).toBeCloseTo(0, 3); // (a round-off guard of 1e-6 kWh)
    // the short one gets what reaches its target by its departure, not full power
    const e1 = applyPower(evs[1].spec, evs[1].eKwh, r.pKw[1], 240 / H).eKwh;
    expect(e1).toBeCloseTo(0.9 * evs[1].spec.capacityKwh, 5);
    expect(r.pKw[1]).toBeLessThan(evs[1].spec.maxChargeKw);
  });

  it('charges an urgent vehicle at the least power that keeps its target reachable (full power once it needs it)', () => {
    const evs = fleet(1, 5);
    const ev = evs[0].spec;
    ev.deadlineS = ev.departureS = 10 * H;
    evs[0].eKwh = 0.9 * ev.capacityKwh - ev.maxChargeKw * 0.92 * 0.95; // needs 57 of the 60 min
    const r = dispatchLlf(evs, 0, 0, 9 * H, 300, false);
    // 3 minutes of laxity: 2 of the 5 minutes at full power now, then full power to the deadline
    expect(r.pKw[0]).toBeCloseTo((ev.maxChargeKw * 2) / 5, 4);
    const after = applyPower(ev, evs[0].eKwh, r.pKw[0], 300 / H).eKwh;
    expect(after + (ev.maxChargeKw * 0.92 * 55) / 60).toBeCloseTo(0.9 * ev.capacityKwh, 5);
    evs[0].eKwh = 0.9 * ev.capacityKwh - ev.maxChargeKw * 0.92 * 1.0; // needs all 60 min
    expect(dispatchLlf(evs, 0, 0, 9 * H, 300, false).pKw[0]).toBeCloseTo(ev.maxChargeKw, 9);
  });

  it('realizes the set-point exactly inside the range and reports the range', () => {
    const evs = fleet(8, 9);
    const r0 = dispatchLlf(evs, 0, 0, 9 * H, 300, true);
    for (const f of [0.1, 0.5, 0.9]) {
      const want = r0.minKw + f * (r0.maxKw - r0.minKw);
      const mustCh = evs.reduce((s, x) => s + Math.max(0, rangeLo(x)), 0);
      const ch = Math.max(want, mustCh), dis = ch - want;
      const r = dispatchLlf(evs, ch, dis, 9 * H, 300, true);
      expect(r.chargeKw - r.dischargeKw).toBeCloseTo(want, 6);
      expect(r.dischargeKw).toBeLessThanOrEqual(dis + 1e-9);
    }
  });
});

describe('cluster envelope', () => {
  it('lower bound <= upper bound, power sums and the target at the deadline', () => {
    const evs = fleet(12, 3);
    const t0 = 9 * H;
    const env = clusterEnvelope({ id: 'c', pChMaxKw: 1e6, pDisMaxKw: 1e6, v2g: true }, evs, t0, 300, 96);
    for (let j = 0; j < 96; j++) expect(env.eLowKwh[j]).toBeLessThanOrEqual(env.eHighKwh[j] + 1e-9);
    const sumP = evs.reduce((s, e) => s + e.spec.maxChargeKw, 0);
    expect(env.pChMaxKw[0]).toBeCloseTo(sumP, 9);
    // at the end every (reachable) target is in the lower bound
    const need = evs.reduce((s, e) => s + Math.max(0, Math.min(0.9 * e.spec.capacityKwh, e.eKwh + (e.spec.maxChargeKw * 0.92 * (e.spec.deadlineS - t0)) / H) - e.eKwh), 0);
    expect(env.eLowKwh[95]).toBeCloseTo(need, 6);
  });

  it('caps the lower bound at what a small CEV rating can deliver', () => {
    const evs = fleet(12, 3);
    const env = clusterEnvelope({ id: 'c', pChMaxKw: 20, pDisMaxKw: 0, v2g: false }, evs, 9 * H, 300, 96);
    let reach = 0;
    for (let j = 0; j < 96; j++) {
      reach += (300 / H) * env.etaCh * env.pChMaxKw[j];
      expect(env.eLowKwh[j]).toBeLessThanOrEqual(reach + 1e-9);
      expect(env.pDisMaxKw[j]).toBe(0);
    }
  });
});

describe('dispatch: curtailment below the must-run power, energy above targets', () => {
  it('a curtailment cap below the must-run charging does not cut it (a vehicle that plugged in after the DF check)', () => {
    const evs = fleet(3, 11);
    const ev = evs[0].spec;
    ev.deadlineS = ev.departureS = 10 * H;
    evs[0].eKwh = 0.9 * ev.capacityKwh - ev.maxChargeKw * 0.92 * 1.0; // no laxity: full power to the deadline
    // plugged in just now with that energy (so its target is reachable from plug-in: not best effort)
    ev.arrivalS = 9 * H;
    ev.socInit = evs[0].eKwh / ev.capacityKwh;
    const r = dispatchLlf(evs, 0, 0, 9 * H, 300, true, 0);
    expect(r.pKw[0]).toBeCloseTo(ev.maxChargeKw, 9);
    expect(r.chargeKw).toBeCloseTo(r.mustKw, 9);
    // the flexible vehicles are cut to zero
    for (let i = 1; i < 3; i++) expect(r.pKw[i]).toBeLessThanOrEqual(Math.max(0, rangeLo(evs[i])) + 1e-9);
  });

  it('fills vehicles to their targets first, then puts energy above targets into the most efficient battery', () => {
    const evs = fleet(3, 13);
    const eff = [0.91, 0.93, 0.92];
    evs.forEach((x, i) => {
      x.spec.efficiency = eff[i];
      x.spec.maxChargeKw = 11;
      x.spec.capacityKwh = 60;
      x.spec.deadlineS = x.spec.departureS = 17 * H;
      x.eKwh = 0.9 * 60;
    });
    evs[2].eKwh = 0.9 * 60 - 0.2; // 0.2 kWh short of its target
    const short = (0.2 / 0.92) * 12; // kW that brings it there in 5 minutes
    const r = dispatchLlf(evs, short + 5, 0, 9 * H, 300, true);
    expect(r.pKw[2]).toBeCloseTo(short, 6);
    expect(r.pKw[1]).toBeCloseTo(5, 6); // 0.93: the most efficient
    expect(r.pKw[0]).toBeCloseTo(0, 9);
  });

  it('puts no more above the targets than the plan did (stockKw): the rest of a set-point above their needs is not realized', () => {
    const evs = fleet(3, 13);
    evs.forEach((x) => {
      x.spec.maxChargeKw = 11;
      x.spec.capacityKwh = 60;
      x.spec.deadlineS = x.spec.departureS = 17 * H;
      x.eKwh = 0.9 * 60;
    });
    evs[2].eKwh = 0.9 * 60 - 0.2;
    const short = (0.2 / evs[2].spec.efficiency) * 12;
    const none = dispatchLlf(evs, short + 5, 0, 9 * H, 300, true, Infinity, 0);
    expect(none.chargeKw).toBeCloseTo(short, 6);
    expect(none.pKw[2]).toBeCloseTo(short, 6);
    const some = dispatchLlf(evs, short + 5, 0, 9 * H, 300, true, Infinity, 2);
    expect(some.chargeKw).toBeCloseTo(short + 2, 6);
    // must-run charging is never held back by it
    evs[2].eKwh = 0.9 * 60 - evs[2].spec.maxChargeKw * evs[2].spec.efficiency * ((17 * H - 9 * H) / H);
    const must = dispatchLlf(evs, 0, 0, 9 * H, 300, true, Infinity, 0);
    expect(must.pKw[2]).toBeCloseTo(evs[2].spec.maxChargeKw, 6);
  });

  it('with V2G, a vehicle leaving within the interval takes no more than reaches its target', () => {
    const [x] = fleet(1, 17);
    x.spec.deadlineS = x.spec.departureS = 9 * H + 120;
    x.eKwh = 0.9 * x.spec.capacityKwh - 0.1;
    const r = intervalPowerRange(x.spec, x.eKwh, 9 * H, 300, true);
    expect(r.hi).toBeCloseTo((0.1 + 1e-6) / (x.spec.efficiency * (120 / H)), 6);
    // a vehicle staying long may take stock it can still discharge before it leaves
    x.spec.deadlineS = x.spec.departureS = 17 * H;
    expect(intervalPowerRange(x.spec, x.eKwh, 9 * H, 300, true).hi).toBeCloseTo(x.spec.maxChargeKw, 9);
  });
});
