// Prices and obligations on the scheduling horizon.
// Price curve: a piecewise-constant table of (from "HH:MM", m.u./kWh) entries, each valid until the
// next one; interval k gets the price in force at its midpoint, times `scale`.
// Obligations: windows {start, end, pMinKw, pMaxKw} on the VP's aggregate power; an interval is in a
// window when its midpoint is; overlapping windows intersect.
import { InputError } from '../util/errors.js';
import { parseClock, type Horizon } from './time.js';

export interface PriceStep {
  from: string;
  priceMuPerKwh: number;
}

export interface ObligationWindow {
  start: string;
  end: string;
  pMinKw: number;
  pMaxKw: number;
}

function clockOrThrow(file: string, path: string, s: string): number {
  const v = parseClock(s);
  if (v === null) throw new InputError(file, path, 'a time "HH:MM" between 00:00 and 24:00', JSON.stringify(s));
  return v;
}

export function priceCurve(h: Horizon, steps: PriceStep[], scale: number, file = 'scenario', path = 'greek.prices'): Float64Array {
  if (steps.length === 0) throw new InputError(file, path, 'at least one price step', 'an empty list');
  const starts = steps.map((s, i) => clockOrThrow(file, `${path}[${i}].from`, s.from));
  for (let i = 1; i < starts.length; i++) {
    if (!(starts[i] > starts[i - 1])) throw new InputError(file, `${path}[${i}].from`, `a time after ${steps[i - 1].from}`, JSON.stringify(steps[i].from));
  }
  if (starts[0] > h.startS) throw new InputError(file, `${path}[0].from`, 'a time at or before the horizon start', JSON.stringify(steps[0].from));
  const out = new Float64Array(h.T);
  for (let k = 0; k < h.T; k++) {
    const mid = h.startS + (k + 0.5) * h.stepS;
    let j = 0;
    while (j + 1 < starts.length && starts[j + 1] <= mid) j++;
    out[k] = steps[j].priceMuPerKwh * scale;
  }
  return out;
}

export interface ObligationArrays {
  pMinKw: Float64Array;
  pMaxKw: Float64Array;
  /** 1 where some window applies. */
  inWindow: Uint8Array;
}

export function obligationArrays(h: Horizon, windows: ObligationWindow[], file = 'scenario', path = 'greek.obligations'): ObligationArrays {
  const pMinKw = new Float64Array(h.T).fill(-Infinity);
  const pMaxKw = new Float64Array(h.T).fill(Infinity);
  const inWindow = new Uint8Array(h.T);
  windows.forEach((w, i) => {
    const a = clockOrThrow(file, `${path}[${i}].start`, w.start);
    const b = clockOrThrow(file, `${path}[${i}].end`, w.end);
    if (!(b > a)) throw new InputError(file, `${path}[${i}].end`, `a time after start ${w.start}`, JSON.stringify(w.end));
    if (!(w.pMinKw <= w.pMaxKw)) throw new InputError(file, `${path}[${i}].pMinKw`, `at most pMaxKw (${w.pMaxKw})`, String(w.pMinKw));
    for (let k = 0; k < h.T; k++) {
      const mid = h.startS + (k + 0.5) * h.stepS;
      if (mid < a || mid >= b) continue;
      pMinKw[k] = Math.max(pMinKw[k], w.pMinKw);
      pMaxKw[k] = Math.min(pMaxKw[k], w.pMaxKw);
      inWindow[k] = 1;
      if (pMinKw[k] > pMaxKw[k]) throw new InputError(file, `${path}[${i}]`, 'a window compatible with the overlapping windows', `an empty band at interval ${k}`);
    }
  });
  return { pMinKw, pMaxKw, inWindow };
}

/**
 * The band the scheduler plans inside for one interval: the obligation [pMin, pMax] tightened by
 * `marginKw` (room for vehicles that arrive or leave after the plan), but the margin never asks
 * for what the vehicles cannot give without V2G or stranded targets: the upper margin stops at the
 * vehicles' must-run charging (`floorKw`), the lower margin at the most they can charge
 * (`ceilKw`). Where the must-run charging alone exceeds pMax the interval is lost whatever the plan
 * does (vehicles that arrive later only add to it), so the upper bound is that charging: the plan
 * adds nothing to the excess, but buys no V2G to make it a little smaller either (like a voltage
 * row the floors break, network.ts rowsWithinFloors). The lower bound is never relaxed (vehicles
 * the plan does not know yet may still make pMin reachable); its violation stays priced.
 */
export function obligationBand(pMin: number, pMax: number, marginKw: number, floorKw: number, ceilKw: number): [number, number] {
  let lo = pMin, hi = pMax;
  if (lo > -Infinity) lo = Math.max(pMin, Math.min(pMin + marginKw, ceilKw));
  if (hi < Infinity) hi = floorKw > pMax ? floorKw : Math.min(pMax, Math.max(pMax - marginKw, floorKw));
  return [lo, hi];
}
