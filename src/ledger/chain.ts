// ChainBuilder: appends transactions into signed blocks with parent links (pure, no kernel).
import { hashHeaderBytes, hashTransaction, merkleRootBytes, ZERO_HASH } from './hash.js';
import { deriveValidatorKeys, signDigest, type ValidatorKey } from './keys.js';
import type { Block, BlockHeader, Transaction } from './types.js';

/** Modelled bytes of a block header (hashes, signature, metadata). */
export const DEFAULT_HEADER_BYTES = 512;

export interface ChainBuilderOptions {
  /** Validator keys; or give seed + validators to derive them. */
  keys?: ValidatorKey[];
  seed?: number | string;
  validators?: number;
  /** Validator ids (default ba:0..). */
  ids?: readonly string[];
  headerBytes?: number;
  /** Simulated time stamped on the genesis block. */
  genesisT?: number;
}

export class ChainBuilder {
  readonly keys: ValidatorKey[];
  readonly headerBytes: number;
  readonly genesis: Block;
  private _height: number;
  private _headHash: string;
  private pending: Transaction[] = [];
  private pendingDigests: (string | Uint8Array)[] = [];
  private pendingBytes = 0;

  constructor(opts: ChainBuilderOptions) {
    this.keys = opts.keys ?? deriveValidatorKeys(opts.seed ?? 1, opts.validators ?? 1, opts.ids);
    if (this.keys.length < 1) throw new RangeError('a chain needs at least one validator key');
    this.headerBytes = opts.headerBytes ?? DEFAULT_HEADER_BYTES;
    const header: BlockHeader = {
      height: 0,
      parentHash: ZERO_HASH,
      t_s: opts.genesisT ?? 0,
      proposer: -1,
      merkleRoot: merkleRootBytes([]).toString('hex'),
      txCount: 0,
      size_bytes: this.headerBytes,
      validators: this.keys.map((k) => ({ id: k.id, publicKey: k.publicKeyHex })),
    };
    const digest = hashHeaderBytes(header);
    this.genesis = { ...header, hash: digest.toString('hex'), signature: signDigest(digest, this.keys[0].privateKey), txs: [] };
    this._height = 0;
    this._headHash = this.genesis.hash;
  }

  get height(): number {
    return this._height;
  }
  get headHash(): string {
    return this._headHash;
  }
  /** Transactions appended since the last seal. */
  get pendingCount(): number {
    return this.pending.length;
  }
  get pendingSize(): number {
    return this.pendingBytes;
  }

  /** Appends a transaction to the block being built; pass its hash (hex or 32 bytes) if already computed. */
  append(tx: Transaction, digest?: string | Uint8Array): void {
    this.pending.push(tx);
    this.pendingDigests.push(digest ?? hashTransaction(tx));
    this.pendingBytes += tx.size_bytes;
  }

  /** Seals the appended transactions into a block signed by `proposer` at simulated time `t_s`. */
  seal(proposer: number, t_s: number): Block {
    const key = this.keys[proposer];
    if (!key) throw new RangeError(`no validator key ${proposer}`);
    const header: BlockHeader = {
      height: this._height + 1,
      parentHash: this._headHash,
      t_s,
      proposer,
      merkleRoot: merkleRootBytes(this.pendingDigests).toString('hex'),
      txCount: this.pending.length,
      size_bytes: this.headerBytes + this.pendingBytes,
    };
    const digest = hashHeaderBytes(header);
    const block: Block = { ...header, hash: digest.toString('hex'), signature: signDigest(digest, key.privateKey), txs: this.pending };
    this._height = block.height;
    this._headHash = block.hash;
    this.pending = [];
    this.pendingDigests = [];
    this.pendingBytes = 0;
    return block;
  }
}
