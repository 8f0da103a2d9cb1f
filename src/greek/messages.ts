// Messages of the Greek case (discriminated unions on `type`).
import type { ClusterEnvelope } from '../optim/schedule.js';
import type { EvSpec } from './battery.js';
import type { CevPowerMsg, CurtailMsg, FeederModelMsg } from '../grid/feeder-messages.js';

export interface SocStats {
  n: number;
  mean: number;
  min: number;
  max: number;
}

export type GreekMsg =
  | { type: 'market'; priceMuPerKwh: Float64Array; pMinKw: Float64Array; pMaxKw: Float64Array }
  | FeederModelMsg
  | { type: 'flex'; cev: number; k: number; envs: ClusterEnvelope[]; ratingChKw: number; ratingDisKw: number; soc: SocStats; meteredKwh: number }
  /** stockKw: per group, the planned net power above the vehicles' room below their targets (energy above targets). */
  | { type: 'setpoint'; k: number; chKw: number[]; disKw: number[]; stockKw: number[] }
  | CevPowerMsg
  | CurtailMsg
  | { type: 'plugIn'; spec: EvSpec; eKwh: number; pKw: number }
  | { type: 'unplug'; id: string; eKwh: number }
  | { type: 'evSetpoint'; pKw: number }
  | { type: 'meter'; id: string; eKwh: number; pKw: number }
  | { type: 'settlement'; k: number; energyKwh: number; costMu: number }
  | { type: 'txFinal'; id: string; t_s: number };

/** Stable agent ids. */
export const ids = {
  eso: 'eso',
  vp: 'vp',
  df: (city: string) => `df:${city}`,
  cev: (id: string) => `cev:${id}`,
  ev: (id: string) => `ev:${id}`,
};
