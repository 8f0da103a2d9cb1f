// The scheduling day: intervals of `stepS` seconds from `startS` to `endS` (seconds after 00:00).
// Paper default: 01:00-24:00 in 5-minute steps, 276 intervals; interval k (0-based) starts at
// startS + k * stepS, so 15:30-18:30 is k = 174..209 (paper numbering 175-210).

export interface Horizon {
  startS: number;
  endS: number;
  stepS: number;
  T: number;
}

export function makeHorizon(startS: number, endS: number, stepS: number): Horizon {
  if (!(endS > startS) || !(stepS > 0)) throw new RangeError('horizon: need end > start and step > 0');
  return { startS, endS, stepS, T: Math.round((endS - startS) / stepS) };
}

/** "HH:MM" or "HH:MM:SS" (00:00-24:00) to seconds after midnight; null when malformed. */
export function parseClock(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]), mi = Number(m[2]), se = Number(m[3] ?? 0);
  if (mi > 59 || se > 59) return null;
  const v = h * 3600 + mi * 60 + se;
  return v <= 24 * 3600 ? v : null;
}

export function formatClock(s: number): string {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Start time (s) of interval k. */
export function intervalStart(h: Horizon, k: number): number {
  return h.startS + k * h.stepS;
}

/** Interval containing time t (clamped to [0, T-1]). */
export function intervalAt(h: Horizon, t: number): number {
  return Math.min(h.T - 1, Math.max(0, Math.floor((t - h.startS) / h.stepS)));
}
