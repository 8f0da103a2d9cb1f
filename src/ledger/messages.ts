// Messages between submitting agents and the B/A (validator) agents. Discriminated by `type`.
import type { Transaction } from './types.js';

/** Sent by any agent to a validator agent (e.g. handle.submitTo) to submit a transaction. */
export interface SubmitTxMsg {
  type: 'submitTx';
  tx: Transaction;
  /** Optional site index of the submitter for 'nearest' routing. */
  origin?: number;
  /** Optional forced gateway B/A index. */
  gateway?: number;
}

/** Sent back to the submitter when its transaction reached quorum finality. */
export interface TxFinalMsg {
  type: 'txFinal';
  txId: string;
  /** Hex transaction hash (as in ledger.jsonl). */
  txHash: string;
  /** Quorum finality time, s (the message arrives notifyLatency_s later). */
  finalT: number;
  blockHeight: number;
  blockHash: string;
  /** finalT - tx.submit_t_s. */
  delay_s: number;
  /** True when finalT <= tx.deadline_t_s (or no deadline). */
  onTime: boolean;
}

/** Sent back when a transaction will not be final: rejected, or expired before inclusion. */
export interface TxFailedMsg {
  type: 'txFailed';
  txId: string;
  reason: 'tooLarge' | 'invalid' | 'deadline';
  t: number;
}

/** Published on topic 'ledger:blocks' (to subscribers) when a block is final. */
export interface BlockFinalMsg {
  type: 'blockFinal';
  height: number;
  hash: string;
  proposer: number;
  txCount: number;
  finalT: number;
}

export type LedgerInMsg = SubmitTxMsg;
export type LedgerOutMsg = TxFinalMsg | TxFailedMsg | BlockFinalMsg;
export type LedgerMsg = LedgerInMsg | LedgerOutMsg;

export const LEDGER_BLOCKS_TOPIC = 'ledger:blocks';
