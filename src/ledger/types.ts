// Chain data of the simulated Proof-of-Authority ledger (see docs/ledger.md).
// Pure data types: no kernel imports.

/** A ledger transaction. Field order here is the canonical order used for hashing and export. */
export interface Transaction {
  /** Unique id chosen by the submitter (e.g. "greek:cev:3:s12:0"). */
  id: string;
  /** Kind: 'setpoint' | 'charge' | 'discharge' | 'trade' | 'settlement' | 'contract' | 'load' | ... */
  type: string;
  /** Stable id of the submitting agent. */
  sender: string;
  /** Hex SHA-256 of the payload. When `payload` is present it must equal sha256(payload). */
  payloadHash: string;
  /** Modelled size on the wire and in a block, bytes. */
  size_bytes: number;
  /** Validation complexity multiplier C (1, 1.5, 2 in the paper). */
  complexity: number;
  /** Simulated submission time, seconds. */
  submit_t_s: number;
  /** Absolute deadline, seconds, or null for none. */
  deadline_t_s: number | null;
  /** Optional inline payload (e.g. a JSON-encoded contract event). */
  payload?: string;
}

/** Block header fields covered by the block hash. */
export interface BlockHeader {
  height: number;
  parentHash: string;
  /** Simulated time at which the proposer assembled the block, seconds. */
  t_s: number;
  /** Index of the proposing validator (-1 for genesis). */
  proposer: number;
  merkleRoot: string;
  txCount: number;
  /** Modelled block size: header overhead + sum of transaction sizes, bytes. */
  size_bytes: number;
  /** Genesis only: the authorities (validator ids and Ed25519 public keys, hex of the raw 32 bytes). */
  validators?: { id: string; publicKey: string }[];
}

export interface Block extends BlockHeader {
  /** Hex SHA-256 of the canonical header. */
  hash: string;
  /** Hex Ed25519 signature of the block hash bytes by the proposer (genesis: by validator 0). */
  signature: string;
  txs: Transaction[];
}

/** Result of verifying a ledger. */
export interface VerifyResult {
  ok: boolean;
  /** Height (or, when unparseable, the 0-based line index) of the first bad block; null when ok. */
  firstBadHeight: number | null;
  /** 1-based line number of the first bad block; null when ok. */
  firstBadLine: number | null;
  reason: string | null;
  blocks: number;
  transactions: number;
  headHash: string | null;
}
