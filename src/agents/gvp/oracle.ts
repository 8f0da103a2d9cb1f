// Oracle agent: meters delivered quantities (noise, failure, latency, staleness, glitches; see
// contracts/oracle.ts) and posts one signed batch of readings per slot to the contract host.
import type { KeyObject } from 'node:crypto';
import { canonicalBatch, drawReading, type OracleParams, type Reading } from '../../contracts/oracle.js';
import { signText } from '../../contracts/identity.js';
import { Agent } from '../../sim/agent.js';
import type { GvpMsg, GvpTimer } from './messages.js';

export interface OracleAgentConfig {
  params: OracleParams;
  key: KeyObject;
  market: number;
  t0: number;
  slot_s: number;
  slots: number;
  latencyMean_s: number;
}

export class OracleAgent extends Agent<GvpMsg, GvpTimer> {
  private readonly batches = new Map<number, Reading[]>();

  constructor(id: string, private readonly c: OracleAgentConfig) {
    super(id);
  }

  override onStart(): void {
    for (let s = 0; s < this.c.slots; s++) this.setTimer(this.c.t0 + (s + 1) * this.c.slot_s + this.c.params.deadline_s, { kind: 'post', slot: s });
  }

  override onMessage(msg: GvpMsg): void {
    if (msg.type !== 'meter') return;
    const list = this.batches.get(msg.slot) ?? [];
    for (const r of msg.readings) {
      const reading = drawReading(this.rng, this.id, r.tradeId, r.delivered, msg.meterTime, this.c.params);
      if (reading) list.push(reading);
    }
    this.batches.set(msg.slot, list);
  }

  override onTimer(tag: GvpTimer): void {
    if (tag.kind !== 'post') return;
    const readings = this.batches.get(tag.slot) ?? [];
    this.batches.delete(tag.slot);
    const batch = { oracle: this.id, slot: tag.slot, readings };
    const signature = signText(this.c.key, canonicalBatch(batch));
    const m = this.c.latencyMean_s;
    this.send(this.c.market, { type: 'oracleBatch', batch: { ...batch, signature } } satisfies GvpMsg, m > 0 ? this.rng.exponential(1 / m) : 0);
  }
}
