// Messages between the GVP agents (VPs, market/contract host, oracles, regulator, adversary).
import type { DelegationReport } from '../../contracts/delegation.js';
import type { SignedBatch } from '../../contracts/oracle.js';
import type { Match, RegistrationBundle, RuleChange, Service } from '../../contracts/types.js';

export interface ProposedMatch extends Match {
  /** The consumer's bid (kept for welfare accounting). */
  bid: number;
}

export type GvpMsg =
  | { type: 'callForBids'; slot: number }
  | { type: 'orders'; vp: string; slot: number; offers: { service: Service; quantity: number; envelope: number; cost: number }[]; requests: { service: Service; quantity: number; wtp: number }[] }
  | { type: 'proposals'; slot: number; matches: ProposedMatch[] }
  | { type: 'register'; bundle: RegistrationBundle }
  | { type: 'registered'; trades: { tradeId: string; service: Service; slot: number; quantity: number }[] }
  | { type: 'delegated'; report: DelegationReport }
  | { type: 'assigned'; tradeId: string; partnerCovered: number }
  | { type: 'meter'; slot: number; meterTime: number; readings: { tradeId: string; delivered: number }[] }
  | { type: 'oracleBatch'; batch: SignedBatch }
  | { type: 'ruleChange'; change: RuleChange }
  | { type: 'identityChange'; vp: string; action: 'revoke' | 'renew' }
  | { type: 'publicRegistration'; bundle: RegistrationBundle };

export type GvpTimer =
  | { kind: 'bid'; slot: number }
  | { kind: 'clear'; slot: number }
  | { kind: 'delegate'; slot: number }
  | { kind: 'deliver'; slot: number }
  | { kind: 'post'; slot: number }
  | { kind: 'settle'; slot: number }
  | { kind: 'seal' }
  | { kind: 'attack'; slot: number }
  | { kind: 'change'; index: number };
