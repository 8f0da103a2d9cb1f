// Settlement side of the community contract (community.md): the aggregator's batch (Merkle root
// of the channel states + net positions) goes on-chain; each party's two readings are checked
// (more than 2% apart -> dispute, collateral frozen until a third reading); missed data follows
// the fallback sequence (1 miss deferred, 2 -> previous verified window derated 10%, 4 -> removed);
// channel disputes resolve by nonce and signatures. Once every party of an interval is verified,
// the interval settles: payments, grid remainder, penalties (5%/2% of spot), insurance-pool
// compensation, certificates (mint verified RES export, move to the buyer and retire), reputation
// and collateral release.
import type { KeyObject } from 'node:crypto';
import { resolveDispute, type SignedState } from './channel.js';
import { AGGREGATOR, OPERATOR, type CommunityContract } from './contract.js';
import type { Batch, BatchEntry } from './contract-types.js';
import { checkReadings, resolveWithThird } from './fallback.js';
import { collateralRatio, deliveryAccuracy, updateReputation } from './reputation.js';
import { settleInterval, type Meter } from './settle.js';

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

type Source = 'meter' | 'thirdReading' | 'derated' | 'recovered';

interface Pending {
  entries: Map<string, BatchEntry>;
  verified: Map<string, Meter & { source: Source }>;
  waiting: Set<string>;
  frozen: Map<string, number>;
  settled: boolean;
  /** The batch's challenge window is over (channel disputes must come before). */
  challengeOver: boolean;
}

export interface ThirdReadingRequest {
  interval: number;
  participant: string;
}

export class Settlement {
  private readonly pending = new Map<number, Pending>();
  /** Last verified window per party (for derated fallbacks) and its cumulative registers. */
  private readonly lastVerified = new Map<string, Meter>();
  private readonly deferred = new Map<string, number>();
  private readonly channelWaiting = new Map<string, { k: number; signed: SignedState }>();

  constructor(private readonly c: CommunityContract, private readonly keys: { participant: (id: string) => KeyObject; aggregator: KeyObject }) {}

  private pend(k: number): Pending {
    let p = this.pending.get(k);
    if (!p) this.pending.set(k, (p = { entries: new Map(), verified: new Map(), waiting: new Set(), frozen: new Map(), settled: false, challengeOver: false }));
    return p;
  }

  /** The aggregator's batch for interval k; returns the third readings to take. */
  onBatch(t: number, b: Batch): ThirdReadingRequest[] {
    const c = this.c;
    const k = b.interval;
    const positions = b.entries.map((e) => [e.participant, e.a ? r6(e.a.import_kwh) : null, e.a ? r6(e.a.export_kwh) : null]);
    c.ledger.emit({ t, type: 'MeterBatch', signer: AGGREGATOR, interval: k, root: b.root, parties: b.entries.length, positions });
    const p = this.pend(k);
    const third: ThirdReadingRequest[] = [];
    for (const e of b.entries) {
      p.entries.set(e.participant, e);
      if (!e.a || !e.b) {
        this.onMiss(t, k, e.participant);
        continue;
      }
      const streak = c.misses.hit(e.participant);
      const prevK = this.deferred.get(e.participant);
      if (streak === 1 && prevK !== undefined) this.recover(t, prevK, e);
      this.deferred.delete(e.participant);
      const ci = checkReadings({ a: e.a.import_kwh, b: e.b.import_kwh }, c.p.oracle.tolerance);
      const ce = checkReadings({ a: e.a.export_kwh, b: e.b.export_kwh }, c.p.oracle.tolerance);
      if (ci.status === 'verified' && ce.status === 'verified') {
        this.verify(k, e.participant, { import_kwh: ci.value, export_kwh: ce.value }, 'meter');
        continue;
      }
      const gap = Math.max(ci.status === 'disputed' ? ci.gap : 0, ce.status === 'disputed' ? ce.gap : 0);
      p.waiting.add(e.participant);
      const frozen = c.escrow.freeze(e.participant, c.escrow.lockedFor(e.participant, k));
      p.frozen.set(e.participant, frozen);
      c.ledger.emit({ t, type: 'MeterDispute', signer: OPERATOR, interval: k, participant: e.participant, gap: r6(gap), readingA: [r6(e.a.import_kwh), r6(e.a.export_kwh)], readingB: [r6(e.b.import_kwh), r6(e.b.export_kwh)], frozen_mu: r6(frozen) });
      third.push({ interval: k, participant: e.participant });
    }
    return third;
  }

  private verify(k: number, id: string, m: Meter, source: Source): void {
    const p = this.pend(k);
    p.verified.set(id, { ...m, source });
    p.waiting.delete(id);
    if (source === 'meter' || source === 'thirdReading') this.lastVerified.set(id, m);
  }

  private onMiss(t: number, k: number, id: string): void {
    const c = this.c;
    const p = this.pend(k);
    const a = c.misses.miss(id);
    if (a.kind === 'deferred') {
      p.waiting.add(id);
      this.deferred.set(id, k);
      c.ledger.emit({ t, type: 'MeterMissed', signer: OPERATOR, interval: k, participant: id, consecutive: a.misses });
      return;
    }
    const prev = this.lastVerified.get(id) ?? { import_kwh: 0, export_kwh: 0 };
    const m = { import_kwh: prev.import_kwh * a.factor, export_kwh: prev.export_kwh * a.factor };
    const windows = [...(this.deferred.has(id) ? [this.deferred.get(id)!] : []), k];
    this.deferred.delete(id);
    for (const w of windows) {
      c.ledger.emit({ t, type: 'FallbackDerated', signer: OPERATOR, interval: w, participant: id, consecutive: a.misses, factor: a.factor, import_kwh: r6(m.import_kwh), export_kwh: r6(m.export_kwh) });
      this.verify(w, id, m, 'derated');
    }
    if (a.remove && a.misses === c.p.oracle.removeAfter) c.ledger.emit({ t, type: 'ParticipantRemoved', signer: OPERATOR, interval: k, participant: id, consecutive: a.misses });
    for (const w of windows) this.trySettle(t, w);
  }

  /** Data resumed after one missed window: the aggregator recovered it from the cumulative channel registers. */
  private recover(t: number, k: number, e: BatchEntry): void {
    const rec = e.recovered ?? { import_kwh: 0, export_kwh: 0 };
    this.c.ledger.emit({ t, type: 'MeterRecovered', signer: OPERATOR, interval: k, participant: e.participant, import_kwh: r6(rec.import_kwh), export_kwh: r6(rec.export_kwh) });
    this.verify(k, e.participant, rec, 'recovered');
    this.trySettle(t, k);
  }

  onThirdReading(t: number, k: number, id: string, third: Meter): void {
    const p = this.pend(k);
    const e = p.entries.get(id)!;
    const m = { import_kwh: resolveWithThird({ a: e.a!.import_kwh, b: e.b!.import_kwh }, third.import_kwh), export_kwh: resolveWithThird({ a: e.a!.export_kwh, b: e.b!.export_kwh }, third.export_kwh) };
    const frozen = p.frozen.get(id) ?? 0;
    this.c.escrow.unfreeze(id, frozen);
    p.frozen.delete(id);
    this.c.ledger.emit({ t, type: 'DisputeResolved', signer: OPERATOR, interval: k, participant: id, third: [r6(third.import_kwh), r6(third.export_kwh)], import_kwh: r6(m.import_kwh), export_kwh: r6(m.export_kwh), unfrozen_mu: r6(frozen) });
    this.verify(k, id, m, 'thirdReading');
    this.trySettle(t, k);
  }

  /** A participant disputes interval k's batch with a channel state of its own. */
  onChannelDispute(t: number, k: number, id: string, signed: SignedState): void {
    this.pend(k).waiting.add(id);
    this.channelWaiting.set(`${k}|${id}`, { k, signed });
    this.c.ledger.emit({ t, type: 'ChannelDisputeOpened', signer: id, interval: k, channel: signed.state.channel, nonce: signed.state.nonce, cumImport_kwh: r6(signed.state.cumImport_kwh), cumExport_kwh: r6(signed.state.cumExport_kwh) });
  }

  /** The aggregator's answer (its latest co-signed state, or null when it has none). */
  onChannelResponse(t: number, k: number, id: string, aggregatorState: SignedState | null): void {
    const c = this.c;
    const w = this.channelWaiting.get(`${k}|${id}`);
    if (!w) return;
    this.channelWaiting.delete(`${k}|${id}`);
    const subs = [{ submitter: id, signed: w.signed }, ...(aggregatorState ? [{ submitter: AGGREGATOR, signed: aggregatorState }] : [])];
    const r = resolveDispute(subs, this.keys.participant(id), this.keys.aggregator);
    for (const x of r.penalized) {
      c.escrow.chargePenalty(x.submitter, c.p.channelPenalty_mu);
      c.ledger.emit({ t, type: 'ChannelPenalty', signer: OPERATOR, interval: k, participant: x.submitter, reason: x.reason, amount_mu: c.p.channelPenalty_mu });
    }
    if (r.kind === 'resolved') {
      c.ledger.emit({ t, type: 'ChannelDisputeResolved', signer: OPERATOR, interval: k, participant: id, winner: r.winner.submitter, nonce: r.winner.signed.state.nonce });
      const p = this.pend(k);
      // the batch entry stands when the aggregator's (newer) state wins; the readings decide as usual
      p.waiting.delete(id);
      const e = p.entries.get(id);
      if (e?.a && e.b && !p.verified.has(id)) this.verify(k, id, { import_kwh: (e.a.import_kwh + e.b.import_kwh) / 2, export_kwh: (e.a.export_kwh + e.b.export_kwh) / 2 }, 'meter');
      this.trySettle(t, k);
      return;
    }
    const fp = c.escrow.freeze(id, Math.max(c.escrow.lockedFor(id, k), c.p.channelPenalty_mu));
    const fa = c.escrow.freeze(AGGREGATOR, c.p.channelPenalty_mu);
    c.ledger.emit({ t, type: 'CollateralFrozen', signer: OPERATOR, interval: k, participant: id, reason: 'noValidState', participantFrozen_mu: r6(fp), aggregatorFrozen_mu: r6(fa) });
    this.pend(k).verified.delete(id);
    this.onMiss(t, k, id);
  }

  /** The challenge window of interval k's batch closed: settle when everything is verified. */
  closeChallenge(t: number, k: number): void {
    this.pend(k).challengeOver = true;
    this.trySettle(t, k);
  }

  /** Settles interval k once its challenge window is over and every party is verified. */
  trySettle(t: number, k: number): void {
    const c = this.c;
    const p = this.pending.get(k);
    if (!p || p.settled || !p.challengeOver || p.waiting.size > 0 || p.verified.size < c.participants.size) return;
    p.settled = true;
    const trades = (c.trades.get(k) ?? []).filter((x) => !x.cancelled);
    const tradeIds = new Map(trades.map((x) => [x.trade, x.id]));
    const spot = c.spotOf(k);
    const tariffs = { retail_mu_per_kwh: c.p.retail_mu_per_kwh[k], feedIn_mu_per_kwh: c.p.feedIn_mu_per_kwh, spot_mu_per_kwh: spot, fee_mu_per_kwh: c.fee(k) };
    const meters = new Map<string, Meter>();
    for (const id of c.participants.keys()) meters.set(id, p.verified.get(id)!);
    const schedules = c.schedules.get(k) ?? new Map();
    const s = settleInterval(trades.map((x) => x.trade), meters, schedules, tariffs, c.p.penalties);
    // certificates: verified RES export of the interval, minted to the producer
    const minted = new Map<string, string>();
    for (const ps of s.parties) {
      const e = p.entries.get(ps.participant);
      const part = c.participants.get(ps.participant)!;
      const res = Math.min(meters.get(ps.participant)!.export_kwh, e?.pv_kwh ?? 0);
      const m = c.tokens.mint(ps.participant, k, part.bus, res, res, c.p.pvIntensity_kg_per_mwh);
      if (m) {
        minted.set(ps.participant, m.batch.id);
        c.ledger.emit({ t, type: 'TokensMinted', signer: OPERATOR, interval: k, owner: ps.participant, batch: m.batch.id, wh: m.batch.wh, verifiedRes_kwh: r6(res), bus: part.bus, intensity_kg_per_mwh: c.p.pvIntensity_kg_per_mwh });
      }
    }
    for (const ts of s.trades) {
      const id = tradeIds.get(ts.trade)!;
      c.ledger.emit({ t, type: 'TradeSettled', signer: OPERATOR, interval: k, trade: id, qty_kwh: r6(ts.trade.qty_kwh), settled_kwh: r6(ts.settled_kwh), short: ts.short });
      const batch = minted.get(ts.trade.seller);
      const b = batch ? c.tokens.batches.get(batch) : undefined;
      const wh = b ? Math.min(b.wh, Math.floor(ts.settled_kwh * 1000 + 1e-6)) : 0;
      if (b && wh > 0) {
        const moved = c.tokens.transfer(b.id, ts.trade.seller, ts.trade.buyer, wh);
        c.tokens.retire(moved.batch.id, ts.trade.buyer);
        c.ledger.emit({ t, type: 'TokensRetired', signer: ts.trade.buyer, interval: k, trade: id, from: ts.trade.seller, batch: b.id, newBatch: moved.batch.id, wh });
      }
    }
    for (const ps of s.parties) {
      const id = ps.participant;
      const v = p.verified.get(id)!;
      const e = p.entries.get(id);
      const acct = c.escrow.acct(id);
      acct.billed_mu += ps.gridCost_mu - ps.gridRevenue_mu + ps.p2pPaid_mu + ps.fee_mu - ps.p2pReceived_mu;
      const penalty = ps.under_mu + ps.over_mu;
      if (penalty > 0) {
        c.escrow.chargePenalty(id, penalty);
        c.ledger.emit({ t, type: 'PenaltyCharged', signer: OPERATOR, interval: k, participant: id, under_kwh: r6(ps.under_kwh), over_kwh: r6(ps.over_kwh), under_mu: r6(ps.under_mu), over_mu: r6(ps.over_mu), spot_mu_per_kwh: r6(spot) });
      }
      const comp = ps.claim_mu > 0 ? c.escrow.compensate(id, ps.claim_mu) : 0;
      const released = c.escrow.release(id, k);
      const sch = schedules.get(id);
      const scheduled = sch?.qty_kwh ?? 0;
      const delivered = sch ? (sch.side === 'sell' ? v.export_kwh : v.import_kwh) : 0;
      const acc = deliveryAccuracy(scheduled, delivered - scheduled);
      const rep0 = c.reputation.get(id)!;
      const rep = sch ? updateReputation(rep0, acc, v.source === 'meter' || v.source === 'thirdReading', c.p.reputation) : rep0;
      c.reputation.set(id, rep);
      c.escrow.setRatio(id, collateralRatio(rep, c.p.collateral));
      c.ledger.emit({
        t, type: 'Settled', signer: OPERATOR, interval: k, participant: id, source: v.source,
        import_kwh: r6(v.import_kwh), export_kwh: r6(v.export_kwh), load_kwh: r6(e?.load_kwh ?? 0), pv_kwh: r6(e?.pv_kwh ?? 0),
        side: sch?.side ?? null, scheduled_kwh: r6(scheduled), bought_kwh: r6(ps.bought_kwh), sold_kwh: r6(ps.sold_kwh),
        p2pIn_kwh: r6(ps.p2pIn_kwh), p2pOut_kwh: r6(ps.p2pOut_kwh), p2pPaid_mu: r6(ps.p2pPaid_mu), p2pReceived_mu: r6(ps.p2pReceived_mu), fee_mu: r6(ps.fee_mu),
        gridImport_kwh: r6(ps.gridImport_kwh), gridExport_kwh: r6(ps.gridExport_kwh), gridCost_mu: r6(ps.gridCost_mu), gridRevenue_mu: r6(ps.gridRevenue_mu),
        penalty_mu: r6(penalty), compensation_mu: r6(comp), released_mu: r6(released), reputation: r6(rep),
        retail_mu_per_kwh: tariffs.retail_mu_per_kwh, feedIn_mu_per_kwh: tariffs.feedIn_mu_per_kwh, spot_mu_per_kwh: r6(spot),
        intervalEnd_s: c.intervalStart(k) + c.p.interval_s,
      });
    }
    c.ledger.emit({ t, type: 'IntervalSettled', signer: OPERATOR, interval: k, parties: s.parties.length, insurancePool_mu: r6(c.escrow.insurancePool_mu), intervalEnd_s: c.intervalStart(k) + c.p.interval_s });
  }

  /** Intervals not settled at the end of the run. */
  unsettled(): number[] {
    return [...this.pending].filter(([, p]) => !p.settled).map(([k]) => k).sort((a, b) => a - b);
  }
}
