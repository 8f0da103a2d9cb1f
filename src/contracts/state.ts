// The on-chain contract state the lifecycle functions read and update: identities, rules in force,
// envelopes and locks, open requests, cap usage, trades, escrow and reputation.
import type { IdentityRegistry } from './identity.js';
import type { CapUsage } from './regulation.js';
import type { RuleTable, Service, Trade } from './types.js';

export interface WindowParams {
  /** Start of slot 0, s. */
  t0: number;
  slot_s: number;
  slots: number;
  /** Registration opens this long before the slot starts, s. */
  open_s: number;
  /** Registration closes (gate closure) this long before the slot starts, s. */
  gate_s: number;
  /** Settlement happens this long after the slot ends, s. */
  settle_s: number;
}

export interface ContractState {
  registry: IdentityRegistry;
  rules: RuleTable;
  jurisdictionOf: Map<string, string>;
  window: WindowParams;
  /** Provider envelope per key(vp, slot, service), kWh: what the VP has declared deliverable. */
  envelope: Map<string, number>;
  /** Locked (committed) quantity per key(vp, slot, service), kWh. */
  locked: Map<string, number>;
  /** Consumer's open request per key(vp, slot, service), kWh (decreases as trades register). */
  openRequest: Map<string, number>;
  capUsage: CapUsage;
  trades: Map<string, Trade>;
  /** Escrow held per consumer, m.u. */
  escrowHeld: Map<string, number>;
  collateralRatio: number;
  reputation: Map<string, number>;
  nextTradeNo: number;
}

export function qkey(vp: string, slot: number, service: Service): string {
  return `${vp}|${slot}|${service}`;
}

export function createContractState(init: {
  registry: IdentityRegistry;
  rules: RuleTable;
  jurisdictionOf: Map<string, string>;
  window: WindowParams;
  collateralRatio?: number;
  initialReputation?: number;
}): ContractState {
  const reputation = new Map<string, number>();
  for (const vp of init.jurisdictionOf.keys()) reputation.set(vp, init.initialReputation ?? 1);
  return {
    registry: init.registry,
    rules: init.rules,
    jurisdictionOf: init.jurisdictionOf,
    window: init.window,
    envelope: new Map(),
    locked: new Map(),
    openRequest: new Map(),
    capUsage: new Map(),
    trades: new Map(),
    escrowHeld: new Map(),
    collateralRatio: init.collateralRatio ?? 1,
    reputation,
    nextTradeNo: 0,
  };
}

export function slotStart(w: WindowParams, slot: number): number {
  return w.t0 + slot * w.slot_s;
}

/** Remaining (unlocked) envelope of a provider, kWh. */
export function remainingEnvelope(s: ContractState, vp: string, slot: number, service: Service): number {
  const k = qkey(vp, slot, service);
  return (s.envelope.get(k) ?? 0) - (s.locked.get(k) ?? 0);
}

export function addTo(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}
