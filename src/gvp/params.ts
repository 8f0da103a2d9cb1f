// Parameters of the cross-border GVP case as plain types: what the GVP world builder and agents
// read. The scenario schema (src/models/gvp/schema.ts) validates files into exactly this shape
// (a compile-time check there keeps the two in step); docs/gvp.md explains every field.
import type { OracleParams, VerifyParams } from '../contracts/oracle.js';
import type { Service } from '../contracts/types.js';

export const PROFILES = ['flat', 'solar', 'wind', 'hydro', 'evening', 'day', 'night'] as const;
export type ProfileName = (typeof PROFILES)[number];

export interface JurisdictionParams {
  export: Service[];
  import: Service[];
  recognizes: string[];
  crossBorderCap_kwh: number | null;
}

export interface VpServiceSpec {
  envelope_kwh: number;
  envelopeProfile: ProfileName;
  cost_mu_per_kwh: number;
  demand_kwh: number;
  demandProfile: ProfileName;
  wtp_mu_per_kwh: number;
}

export interface VpSpec {
  id: string;
  jurisdiction: string;
  description?: string;
  utcOffset_h: number;
  identity: { kycFromSlot: number; kycUntilSlot: number | null };
  clusters: number;
  services: Partial<Record<Service, VpServiceSpec>>;
}

export interface RuleChangeParams {
  atSlot: number;
  jurisdiction?: string;
  set?: Partial<JurisdictionParams>;
  blockPair?: [string, string];
  unblockPair?: [string, string];
}

export interface GvpParams {
  horizon: { slots: number; slot_s: number };
  jurisdictions: Record<string, JurisdictionParams>;
  blockedPairs: [string, string][];
  ruleChanges: RuleChangeParams[];
  identityChanges: { atSlot: number; vp: string; action: 'revoke' | 'renew' }[];
  vps: VpSpec[];
  scale: { count: number | null; sizeSigma: number; sweep: number[] };
  market: {
    lead_s: number;
    bidWindow_s: number;
    gate_s: number;
    open_s: number;
    feePerKwh: number;
    checkRecognition: boolean;
    lpBackend: 'highs' | 'jslp';
    latencyMean_s: number;
    vpResponseMean_s: number;
  };
  uncertainty: {
    envelopeNoiseSd: number;
    demandNoiseSd: number;
    forecastErrorSd: number;
    forecastBias: number;
    deliveryDeviationSd: number;
    deliveryBias: number;
  };
  demandSurge: { fromSlot: number; toSlot: number; factor: number };
  // The oracles' draw and verification parameters are the contract's own types, plus the count.
  oracles: { count: number } & OracleParams & VerifyParams;
  settlement: {
    underPenalty: number;
    overPenalty: number;
    overTolerance: number;
    minDeliveryRatio: number;
    delay_s: number;
    collateralRatio: number;
  };
  reputation: { initial: number; threshold: number; alpha: number };
  delegation: { lead_s: number; reserveShare: number };
  security: {
    forgedPerSlot: number;
    replayPerSlot: number;
    unregisteredPerSlot: number;
    doubleCommitProb: number;
    rogueOraclePerSlot: number;
  };
  ledger: { validators: number; maxTxPerBlock: number; blockPeriod_s: number; signEvents: boolean };
  nested: { vp: string; scenario: string; scale: number } | null;
  faults: { dropBlocks: number[]; dropBlockProb: number };
}
