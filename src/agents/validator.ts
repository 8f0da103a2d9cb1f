// B/A (blockchain agent) = PoA validator. Thin kernel adapters around the shared PoaEngine:
// submissions arrive as messages, each block is one timer event on its proposer, and finality /
// failure notices go back to the submitting agents as messages (see docs/ledger.md).
import { Agent } from '../sim/agent.js';
import type { Simulation } from '../sim/simulation.js';
import type { PoaEngine, BlockOutcome } from '../ledger/engine.js';
import { createEngine } from '../ledger/fork-engine.js';
import { LEDGER_BLOCKS_TOPIC, type BlockFinalMsg, type LedgerInMsg, type TxFailedMsg } from '../ledger/messages.js';
import { expiredNotice, finalNotice } from '../ledger/notify.js';
import { resolvePoa, type PoaParamsInput, type ResolvedPoa } from '../ledger/params.js';
import { blockRecord, serializeBlock } from '../ledger/serialize.js';
import type { Block } from '../ledger/types.js';
import { ChainBuilder } from '../ledger/chain.js';

interface BuildTag {
  gen: number;
}

/** Shared state of one installed PoA network (one per Simulation). */
class PoaService {
  gen = 0;
  scheduledT = Infinity;
  scheduledBy = -1;
  agents: ValidatorAgent[] = [];
  constructor(
    readonly engine: PoaEngine,
    readonly blocks: Block[] | null,
    readonly onBlock: ((o: BlockOutcome) => void) | undefined
  ) {}

  reschedule(now: number): void {
    const nb = this.engine.nextBuild();
    if (!nb) {
      this.gen++;
      this.scheduledT = Infinity;
      return;
    }
    if (nb.t === this.scheduledT && nb.proposer === this.scheduledBy) return;
    this.gen++;
    this.scheduledT = nb.t;
    this.scheduledBy = nb.proposer;
    this.agents[nb.proposer].setTimer(Math.max(0, nb.t - now), { gen: this.gen }, 1);
  }
}

export class ValidatorAgent extends Agent<LedgerInMsg, BuildTag> {
  constructor(
    id: string,
    readonly validatorIndex: number,
    private readonly service: PoaService
  ) {
    super(id);
  }

  override onMessage(msg: LedgerInMsg, from: number): void {
    if (msg.type !== 'submitTx') return;
    const s = this.service;
    const r = s.engine.submit(msg.tx, this.now, { client: from, origin: msg.origin, gateway: msg.gateway });
    if (typeof r === 'string') {
      if (from >= 0) this.send(from, { type: 'txFailed', txId: msg.tx.id, reason: r as TxFailedMsg['reason'], t: this.now } satisfies TxFailedMsg);
      return;
    }
    s.reschedule(this.now);
  }

  override onTimer(tag: BuildTag): void {
    const s = this.service;
    if (tag.gen !== s.gen) return;
    s.scheduledT = Infinity;
    const o = s.engine.build();
    if (o) this.notify(o);
    for (const f of s.engine.takeFinal()) this.notify(f);
    s.reschedule(this.now);
  }

  private notify(o: BlockOutcome): void {
    const s = this.service;
    const prop = s.agents[o.proposer];
    for (const e of o.expired) if (e.client >= 0) prop.send(e.client, expiredNotice(o, e));
    if (o.block) {
      const d = Math.max(0, o.finalT + s.engine.p.notifyLatency_s - this.now);
      for (const e of o.included) if (e.client >= 0) prop.send(e.client, finalNotice(o, e), d);
      const bf: BlockFinalMsg = { type: 'blockFinal', height: o.block.height, hash: o.block.hash, proposer: o.proposer, txCount: o.block.txCount, finalT: o.finalT };
      prop.publish(LEDGER_BLOCKS_TOPIC, bf, Math.max(0, o.finalT - this.now));
      s.blocks?.push(o.block);
    }
    s.onBlock?.(o);
  }
}

export interface InstallOptions {
  /** Agent id prefix: validators are `${prefix}:0` .. (default 'ba'). */
  idPrefix?: string;
  /** Keep sealed blocks for ledger.jsonl (default true). */
  recordBlocks?: boolean;
  /** Horizon for random crash schedules, s (default one day). */
  horizon_s?: number;
  /** Called for every block outcome, in chain order. */
  onBlock?: (o: BlockOutcome) => void;
}

export interface PoaNetworkHandle {
  /** Send {type:'submitTx', tx} here (any validator id works; the routing policy picks the gateway). */
  submitTo: string;
  validatorIds: string[];
  engine: PoaEngine;
  params: ResolvedPoa;
  /** Genesis and every sealed block so far (when recordBlocks). */
  blocks: Block[];
  /** ledger.jsonl lines of `blocks`. */
  ledgerLines(): string[];
  /** `blocks` as RunOutput.ledger records (JSON.stringify of each = its ledger.jsonl line). */
  ledgerRecords(): Record<string, unknown>[];
}

/** Adds M validator agents sharing one PoaEngine to `sim`. Keys derive from sim.seed. */
export function installPoaNetwork(sim: Simulation, params: PoaParamsInput | ResolvedPoa, opts: InstallOptions = {}): PoaNetworkHandle {
  const p = 'lat' in params && 'q' in params ? (params as ResolvedPoa) : resolvePoa(params as PoaParamsInput);
  const prefix = opts.idPrefix ?? 'ba';
  const ids = Array.from({ length: p.M }, (_, i) => `${prefix}:${i}`);
  const chain = new ChainBuilder({ seed: sim.seed, validators: p.M, ids, headerBytes: p.headerBytes });
  const engine = createEngine(p, { seed: sim.seed, horizon_s: opts.horizon_s ?? 86_400, chain });
  const blocks: Block[] = [chain.genesis];
  const service = new PoaService(engine, opts.recordBlocks === false ? null : blocks, opts.onBlock);
  service.agents = ids.map((id, i) => sim.add(new ValidatorAgent(id, i, service)));
  return {
    submitTo: ids[0],
    validatorIds: ids,
    engine,
    params: p,
    blocks,
    ledgerLines: () => blocks.map((b) => serializeBlock(b)),
    ledgerRecords: () => blocks.map((b) => blockRecord(b)),
  };
}
