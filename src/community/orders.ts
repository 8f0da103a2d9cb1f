// Order admission (community.md): the identity must be registered, inside its KYC window and not
// removed from dispatch; the volume must not exceed the registered device limit for the interval
// (rejected, [source]); a price above the operator cap is adjusted to the cap and flagged ([source]).
import type { Side } from './types.js';

export interface RegisteredParticipant {
  id: string;
  /** KYC validity [from, until), simulation seconds. */
  kycFrom_s: number;
  kycUntil_s: number;
  revoked: boolean;
  /** Registered device limits at the connection point, kW. */
  maxExport_kw: number;
  maxImport_kw: number;
}

export interface OrderRequest {
  participant: string;
  side: Side;
  qty_kwh: number;
  price_mu_per_kwh: number;
}

export type Admission =
  | { ok: true; price_mu_per_kwh: number; capped: boolean }
  | { ok: false; reason: 'identity' | 'kyc' | 'removed' | 'deviceLimit' | 'invalid'; detail: string };

export interface AdmissionContext {
  t_s: number;
  interval_s: number;
  /** Operator price cap, m.u./kWh (null = none). */
  priceCap_mu_per_kwh: number | null;
  removed: ReadonlySet<string>;
}

const TOL = 1e-9;

export function admitOrder(reg: RegisteredParticipant | undefined, o: OrderRequest, ctx: AdmissionContext): Admission {
  if (!reg) return { ok: false, reason: 'identity', detail: 'unregistered identity' };
  if (reg.revoked) return { ok: false, reason: 'identity', detail: 'revoked identity' };
  if (!(ctx.t_s >= reg.kycFrom_s && ctx.t_s < reg.kycUntil_s)) return { ok: false, reason: 'kyc', detail: 'outside the KYC window' };
  if (ctx.removed.has(o.participant)) return { ok: false, reason: 'removed', detail: 'removed from dispatch after missed meter data' };
  if (!(o.qty_kwh > 0) || !Number.isFinite(o.price_mu_per_kwh) || o.price_mu_per_kwh < 0) return { ok: false, reason: 'invalid', detail: 'volume must be > 0 and price >= 0' };
  const limitKw = o.side === 'sell' ? reg.maxExport_kw : reg.maxImport_kw;
  const limitKwh = (limitKw * ctx.interval_s) / 3600;
  if (o.qty_kwh > limitKwh + TOL) return { ok: false, reason: 'deviceLimit', detail: `${o.qty_kwh.toFixed(3)} kWh > registered ${limitKwh.toFixed(3)} kWh` };
  const cap = ctx.priceCap_mu_per_kwh;
  if (cap !== null && o.price_mu_per_kwh > cap) return { ok: true, price_mu_per_kwh: cap, capped: true };
  return { ok: true, price_mu_per_kwh: o.price_mu_per_kwh, capped: false };
}
