// The community's records on the simulated PoA ledger: every contract event (order, match,
// collateral lock, settlement, penalty, dispute, certificate operation, meter batch root) is a
// ledger transaction submitted at its simulated time to the shared PoaEngine (src/ledger), so its
// confirmation delay is part of the result: an order whose block is not final at gate closure
// misses it.
//
// Record = { seq, block, t, type, signer, ...fields }. Its transaction is the lifecycle-event
// transaction every model shares (src/contracts/chain.ts `eventTransaction`: id `gvp:<seq>`, type
// `gvp:<type>`, sender = signer, payloadHash = SHA-256 of the record without seq and block, size =
// payload bytes + overhead), so `vpsim ledger verify DIR` binds events.jsonl to the chain.
// events.jsonl lists the records in commit order (block, position), each with its block height.
import { FastPoaNetwork } from '../ledger/fastnet.js';
import { eventTransaction, eventTxId } from '../contracts/chain.js';
import type { PoaParamsInput, ResolvedPoa } from '../ledger/params.js';
import { serializeBlock } from '../ledger/serialize.js';
import type { Transaction } from '../ledger/types.js';
import { camelKeys } from '../output/json-keys.js';

export interface CommunityEvent {
  t: number;
  type: string;
  signer: string;
  [k: string]: unknown;
}

export type EventRecord = { seq: number; block: number } & CommunityEvent;

/** The ledger transaction of a record. */
export function recordTransaction(rec: Record<string, unknown>): Transaction {
  return eventTransaction(rec);
}

const ID_PREFIX = eventTxId(0).slice(0, -1);

export class EventLedger {
  readonly records: EventRecord[] = [];
  private readonly net: FastPoaNetwork;
  private readonly lines: string[];
  /** Per seq: finality time (NaN until its block is built). */
  private readonly final: number[] = [];
  private readonly pos: { height: number; index: number }[] = [];
  private lastT = 0;

  /**
   * `recordOnly`: keep the records without a ledger (the grid-only counterfactual, whose records
   * only feed the baseline bills): every record counts as final at its own time.
   */
  constructor(params: PoaParamsInput | ResolvedPoa, seed: number, horizon_s: number, private readonly recordOnly = false) {
    this.net = new FastPoaNetwork(params, {
      seed,
      horizon_s,
      onBlock: (o) => {
        if (!o.block) return;
        this.lines.push(serializeBlock(o.block));
        o.included.forEach((p, index) => {
          const seq = Number(p.tx.id.slice(ID_PREFIX.length));
          this.final[seq] = o.finalT;
          this.pos[seq] = { height: o.block!.height, index };
          this.records[seq].block = o.block!.height;
        });
      },
    });
    this.lines = [serializeBlock(this.net.engine.chain.genesis)];
  }

  /** Records an event and submits its transaction at ev.t (times must not decrease). */
  emit(ev: CommunityEvent): EventRecord {
    if (ev.t < this.lastT) throw new RangeError(`event ${ev.type} at ${ev.t} s before the previous event (${this.lastT} s)`);
    this.lastT = ev.t;
    // field keys in camelCase with the unit suffix (qty_kwh -> qtyKwh), as every JSON output
    const rec = { seq: this.records.length, block: -1, ...camelKeys(ev) } as EventRecord;
    this.records.push(rec);
    if (this.recordOnly) {
      this.final.push(ev.t);
      return rec;
    }
    this.final.push(NaN);
    this.net.submit(recordTransaction(rec), ev.t);
    return rec;
  }

  /** Builds every block due before t. */
  advanceTo(t: number): void {
    this.net.advanceTo(t);
  }

  /** Finality time of a record's transaction (NaN while not yet in a block). */
  finalT(seq: number): number {
    return this.final[seq];
  }

  /** Builds the remaining blocks. */
  drain(): void {
    this.net.drain();
  }

  /** Records in commit order (uncommitted ones last) and the ledger.jsonl lines. */
  export(): { records: EventRecord[]; lines: string[] } {
    const key = (r: EventRecord) => this.pos[r.seq] ?? { height: Number.MAX_SAFE_INTEGER, index: r.seq };
    const records = [...this.records].sort((a, b) => key(a).height - key(b).height || key(a).index - key(b).index);
    return { records, lines: this.lines };
  }

  get blocks(): number {
    return this.lines.length;
  }
}
