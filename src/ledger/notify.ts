// Turns a block outcome into the per-transaction notices both drivers deliver.
import type { BlockOutcome, PendingTx } from './engine.js';
import type { TxFailedMsg, TxFinalMsg } from './messages.js';

export function finalNotice(o: BlockOutcome, e: PendingTx): TxFinalMsg {
  const b = o.block!;
  const dl = e.tx.deadline_t_s;
  return {
    type: 'txFinal',
    txId: e.tx.id,
    txHash: e.digest,
    finalT: o.finalT,
    blockHeight: b.height,
    blockHash: b.hash,
    delay_s: o.finalT - e.tx.submit_t_s,
    onTime: dl === null || o.finalT <= dl,
  };
}

export function expiredNotice(o: BlockOutcome, e: PendingTx): TxFailedMsg {
  return { type: 'txFailed', txId: e.tx.id, reason: 'deadline', t: o.buildStart };
}
