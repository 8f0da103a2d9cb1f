// The community market operator: routes orders, price feed values, batches, disputes and margin
// top-ups to the contract (src/community/contract*.ts), closes each interval's gate on time, runs
// the margin check every metering step, asks the aggregator for third readings and channel
// states, and records V2G provenance tokens. Thin adapter: every rule lives in the contract.
import { v2gSessionToken } from '../../community/carbon.js';
import type { CommunityContract } from '../../community/contract.js';
import type { Settlement } from '../../community/contract-settle.js';
import { Agent } from '../../sim/agent.js';
import type { MarketInbound, MarginCallMsg, ScheduleMsg, StateRequestMsg, ThirdReadingRequestMsg } from './messages.js';

export interface MarketConfig {
  contract: CommunityContract;
  settlement: Settlement;
  aggregator: string;
  meterStep_s: number;
  thirdReadingDelay_s: number;
  /** Channel disputes on a batch must come within this window, s. */
  challengeWindow_s: number;
  end_s: number;
}

type Tag = { kind: 'gate'; k: number } | { kind: 'margin' } | { kind: 'third'; k: number; participant: string } | { kind: 'challenge'; k: number };

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export class MarketAgent extends Agent<MarketInbound, Tag> {
  constructor(id: string, private readonly cfg: MarketConfig) {
    super(id);
  }

  override onStart(): void {
    const c = this.cfg.contract;
    for (let k = 0; k < c.p.intervals; k++) this.setTimer(Math.max(0, c.gateTime(k) - this.now), { kind: 'gate', k }, 2);
    this.setTimer(Math.max(0, c.gateTime(0) - this.now), { kind: 'margin' }, 3);
  }

  override onTimer(tag: Tag): void {
    const c = this.cfg.contract;
    if (tag.kind === 'gate') {
      const r = c.onGate(this.now, tag.k);
      for (const [id, s] of r.schedules) {
        const msg: ScheduleMsg = { type: 'schedule', interval: tag.k, ...s };
        this.send(id, msg, 0.05);
      }
    } else if (tag.kind === 'margin') {
      const k = Math.floor((this.now - c.p.t0_s) / c.p.interval_s);
      for (const a of c.onMarginCheck(this.now, k)) {
        if (a.kind === 'marginCall' && c.participants.has(a.participant)) this.send(a.participant, { type: 'marginCall', deadline_s: a.deadline_s } satisfies MarginCallMsg, 0.05);
      }
      if (this.now + this.cfg.meterStep_s < this.cfg.end_s) this.setTimer(this.cfg.meterStep_s, { kind: 'margin' }, 3);
    } else if (tag.kind === 'challenge') {
      this.cfg.settlement.closeChallenge(this.now, tag.k);
    } else {
      this.send(this.cfg.aggregator, { type: 'thirdReadingRequest', interval: tag.k, participant: tag.participant } satisfies ThirdReadingRequestMsg, 0.05);
    }
  }

  override onMessage(m: MarketInbound): void {
    const c = this.cfg.contract;
    const s = this.cfg.settlement;
    const now = this.now;
    switch (m.type) {
      case 'price':
        c.onPrice(now, m.interval, m.raw_mu_per_kwh);
        break;
      case 'order':
        c.onOrder(now, m.interval, m.order);
        break;
      case 'topUp':
        c.onTopUp(now, Math.floor((now - c.p.t0_s) / c.p.interval_s), m.participant);
        break;
      case 'batch':
        for (const q of s.onBatch(now, m.batch)) this.setTimer(this.cfg.thirdReadingDelay_s, { kind: 'third', k: q.interval, participant: q.participant });
        this.setTimer(this.cfg.challengeWindow_s, { kind: 'challenge', k: m.batch.interval });
        break;
      case 'thirdReading':
        s.onThirdReading(now, m.interval, m.participant, m.reading);
        break;
      case 'channelDispute':
        s.onChannelDispute(now, m.interval, m.participant, m.signed);
        this.send(this.cfg.aggregator, { type: 'stateRequest', interval: m.interval, participant: m.participant } satisfies StateRequestMsg, 0.05);
        break;
      case 'stateResponse':
        s.onChannelResponse(now, m.interval, m.participant, m.signed);
        break;
      case 'v2gSession': {
        const tok = v2gSessionToken(m.charging, m.discharging, m.roundTripEfficiency);
        c.ledger.emit({
          t: now, type: 'V2gProvenance', signer: m.participant, participant: m.participant, charged_kwh: r6(tok.charged_kwh), discharged_kwh: r6(tok.discharged_kwh),
          chargingIntensity_kg_per_mwh: r6(tok.chargingIntensity_kg_per_mwh), dischargeIntensity_kg_per_mwh: r6(tok.dischargeIntensity_kg_per_mwh),
          roundTripEfficiency: tok.roundTripEfficiency, displacementFactor_kg_per_mwh: r6(tok.displacementFactor_kg_per_mwh), netReduction_kg: r6(tok.netReduction_kg),
        });
        break;
      }
    }
  }
}
