// A small contract world for unit tests: three VPs in three jurisdictions, two oracles.
import type { KeyObject } from 'node:crypto';
import { createRegistry, deriveKeyPair } from '../../src/contracts/identity.js';
import { createContractState, qkey, type ContractState } from '../../src/contracts/state.js';
import type { Identity, RegistrationRequest, RuleTable } from '../../src/contracts/types.js';

export const ALL = ['balancing', 'flexibility', 'certificates'] as const;

export function rules(): RuleTable {
  return {
    jurisdictions: {
      NA: { export: [...ALL], import: [...ALL], recognizes: ['*'], crossBorderCapKwh: Infinity },
      EU: { export: ['balancing'], import: [...ALL], recognizes: ['EU', 'NA'], crossBorderCapKwh: 500 },
      AF: { export: [...ALL], import: [...ALL], recognizes: ['*'], crossBorderCapKwh: Infinity },
    },
    blockedPairs: [],
  };
}

export interface World {
  s: ContractState;
  keys: Map<string, KeyObject>;
}

export const SLOT_S = 3600;
export const T0 = 7200;

export function world(seed = 1, kycUntil: Record<string, number> = {}): World {
  const keys = new Map<string, KeyObject>();
  const ids: Identity[] = [];
  const add = (id: string, kind: Identity['kind'], j: string) => {
    const kp = deriveKeyPair(seed, id);
    keys.set(id, kp.privateKey);
    ids.push({ id, kind, jurisdiction: j, publicKeyHex: kp.publicKeyHex, kycFrom: 0, kycUntil: kycUntil[id] ?? 1e12 });
  };
  add('A', 'vp', 'NA');
  add('B', 'vp', 'EU');
  add('C', 'vp', 'AF');
  add('oracle:0', 'oracle', '-');
  add('oracle:1', 'oracle', '-');
  const s = createContractState({
    registry: createRegistry(ids),
    rules: rules(),
    jurisdictionOf: new Map([['A', 'NA'], ['B', 'EU'], ['C', 'AF']]),
    window: { t0: T0, slot_s: SLOT_S, slots: 24, open_s: 3600, gate_s: 600, settle_s: 600 },
  });
  return { s, keys };
}

/** Declares envelopes and allocated requests for slot `slot`. */
export function book(s: ContractState, slot: number, envelope: Record<string, number>, request: Record<string, number>, service: RegistrationRequest['service'] = 'flexibility'): void {
  for (const [vp, q] of Object.entries(envelope)) s.envelope.set(qkey(vp, slot, service), q);
  for (const [vp, q] of Object.entries(request)) s.openRequest.set(qkey(vp, slot, service), q);
}

export function req(p: Partial<RegistrationRequest> = {}): RegistrationRequest {
  return { service: 'flexibility', slot: 2, provider: 'A', consumer: 'B', quantity: 100, price: 0.1, cost: 0.04, fee: 0.004, ...p };
}

/** Time inside the registration window of `slot`. */
export function inWindow(slot: number): number {
  return T0 + slot * SLOT_S - 1200;
}
