// Data types of the GVP contract layer (gvp.md). Pure data; no kernel imports.
//
// Units: quantities are integer kWh (exact accounting: K3's parts sum exactly), prices are
// m.u./kWh, money is m.u., times are simulated seconds, slots are 0-based hour indices.

export const SERVICES = ['balancing', 'flexibility', 'certificates'] as const;
export type Service = (typeof SERVICES)[number];

/** Regulatory rules of one jurisdiction at one point of the horizon. */
export interface JurisdictionRules {
  /** Services that VPs of this jurisdiction may sell across the border. */
  export: Service[];
  /** Services that VPs of this jurisdiction may buy across the border. */
  import: Service[];
  /** Certificate origins (jurisdiction codes) recognized here; '*' = all. */
  recognizes: string[];
  /** Cross-border export cap per slot and service, kWh (Infinity = none). */
  crossBorderCapKwh: number;
}

/** The regulation table in force: jurisdictions and blocked pairs (unordered). */
export interface RuleTable {
  jurisdictions: Record<string, JurisdictionRules>;
  blockedPairs: [string, string][];
}

/** A rule change, effective from time `t` (seconds). */
export interface RuleChange {
  t: number;
  jurisdiction?: string;
  set?: Partial<JurisdictionRules>;
  blockPair?: [string, string];
  unblockPair?: [string, string];
}

/** A permissioned identity: public key (DER SPKI, hex) and KYC validity interval [from, until). */
export interface Identity {
  id: string;
  kind: 'vp' | 'oracle' | 'market';
  jurisdiction: string;
  publicKeyHex: string;
  kycFrom: number;
  kycUntil: number;
}

/** The allocation's proposal for one bilateral commitment. */
export interface Match {
  service: Service;
  slot: number;
  provider: string;
  consumer: string;
  quantity: number;
  /** Agreed price, m.u./kWh (the consumer's willingness to pay, or a split; see allocation.ts). */
  price: number;
  /** Provider's marginal cost, m.u./kWh. */
  cost: number;
  /** Cross-border fee, m.u./kWh (0 for domestic trades). */
  fee: number;
}

/** One trade to register: a match, plus the consumer's bid (for welfare accounting). */
export interface RegistrationRequest extends Match {
  bid?: number;
}

/**
 * What a provider signs to register its trades of one call (Alg. 1): one Ed25519 signature over
 * the SHA-256 of the canonical bundle (identity.ts), with a nonce for replay protection.
 */
export interface RegistrationBundle {
  signer: string;
  nonce: number;
  /** Submission time claimed by the signer, s. */
  t: number;
  requests: RegistrationRequest[];
  /** Ed25519 signature (hex) over bundleDigest(); absent = unsigned. */
  signature?: string;
}

export type TradeStatus = 'registered' | 'settled' | 'failed';

export interface Trade extends Match {
  tradeId: string;
  status: TradeStatus;
  registeredAt: number;
  /** Escrowed consumer payment (collateral), m.u. */
  escrow: number;
  /** Quantity the provider's own resources cover after delegation, kWh. */
  delegatedCovered: number;
  /** Quantity covered by partner VPs (Alg. 3), kWh. */
  partnerCovered: number;
  /** Uncovered quantity after assignment, kWh. */
  uncovered: number;
  partners: { partner: string; quantity: number; cost: number }[];
}

/** One lifecycle event as it goes to the ledger and to events.jsonl. */
export interface LifecycleEvent {
  seq?: number;
  t: number;
  block?: number;
  /** SHA-256 of the event's canonical content (without seq/block/tx) = the ledger transaction id. */
  tx?: string;
  type: EventType;
  /** Identity that signs the event's transaction. */
  signer: string;
  tradeId?: string;
  service?: Service;
  slot?: number;
  provider?: string;
  consumer?: string;
  quantity?: number;
  price?: number;
  [extra: string]: unknown;
}

export const EVENT_TYPES = [
  'DemandRequested',
  'DemandUnallocated',
  'AllocationCleared',
  'TradeRegistered',
  'TradeRejected',
  'DelegationCreated',
  'DelegationShortfall',
  'PartnerAssigned',
  'AssignmentFailed',
  'OracleReport',
  'OracleReportRejected',
  'VerificationPassed',
  'VerificationFailed',
  'SettlementSucceeded',
  'SettlementFailed',
  'QuantityUnlocked',
  'RuleChanged',
  'IdentityChanged',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type RejectReason = 'identity' | 'window' | 'admissibility' | 'quantity';
export type VerificationAttribution = 'timeout' | 'disagreement' | 'outOfRange' | 'stale';

/** Terminal event of a registered trade's chain. */
export const TERMINAL_EVENT: EventType = 'QuantityUnlocked';
