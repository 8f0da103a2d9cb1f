// The metering aggregator: the other end of every participant's state channel. It keeps each
// channel's latest state (nonce, cumulative registers) and reads the DSO meter (reading B); after
// each settlement interval it sends the market the batch: Merkle root of the channel states and,
// per party, readings A (channel) and B (DSO meter), or nothing when the meter missed the window.
// It answers channel disputes with its latest co-signed state, takes third readings, and closes
// every channel at the end of the day on the ledger. Faults: batch blackouts, a biased DSO meter
// (oracle disagreement), lost channel state.
import type { KeyObject } from 'node:crypto';
import { batchRoot, cosign, type ChannelState } from '../../community/channel.js';
import type { Batch, BatchEntry } from '../../community/contract-types.js';
import type { EventLedger } from '../../community/event-ledger.js';
import { Agent } from '../../sim/agent.js';
import type { AggregatorInbound, Registers, StateResponseMsg, ThirdReadingMsg } from './messages.js';

export interface AggregatorConfig {
  market: string;
  ledger: EventLedger;
  participants: string[];
  t0_s: number;
  interval_s: number;
  intervals: number;
  settleDelay_s: number;
  meterNoiseSd: number;
  /** Relative bias of the DSO meter of a party in an interval (oracle disagreement). */
  bias: (participant: string, k: number) => number;
  /** Intervals whose batch the aggregator fails to submit. */
  blackout: ReadonlySet<number>;
  /** Parties whose channel state the aggregator lost (from the given interval on). */
  lostState: ReadonlyMap<string, number>;
  keys: (participant: string) => { participant: KeyObject; aggregator: KeyObject };
  end_s: number;
}

interface Chan {
  nonce: number;
  cum: Registers;
  /** Interval-end registers and nonce by interval. */
  ends: Map<number, { cum: Registers; nonce: number }>;
  b: Map<number, Registers>;
  truth: Map<number, Registers>;
  pv: Map<number, number>;
  load: Map<number, number>;
  reported: Set<number>;
}

const sub = (a: Registers, b: Registers): Registers => ({ import_kwh: Math.max(0, a.import_kwh - b.import_kwh), export_kwh: Math.max(0, a.export_kwh - b.export_kwh) });
const ZERO: Registers = { import_kwh: 0, export_kwh: 0 };

export class AggregatorAgent extends Agent<AggregatorInbound, { kind: 'batch'; k: number } | { kind: 'close' }> {
  private readonly chans = new Map<string, Chan>();

  constructor(id: string, private readonly cfg: AggregatorConfig) {
    super(id);
    for (const p of cfg.participants) this.chans.set(p, { nonce: 0, cum: { ...ZERO }, ends: new Map(), b: new Map(), truth: new Map(), pv: new Map(), load: new Map(), reported: new Set() });
  }

  override onStart(): void {
    const c = this.cfg;
    for (let k = 0; k < c.intervals; k++) this.setTimer(Math.max(0, c.t0_s + (k + 1) * c.interval_s + c.settleDelay_s - this.now), { kind: 'batch', k });
    this.setTimer(Math.max(0, c.end_s - this.now), { kind: 'close' });
  }

  override onMessage(m: AggregatorInbound): void {
    if (m.type === 'meter') {
      const ch = this.chans.get(m.participant)!;
      const k = m.interval;
      for (const b of m.backlog) ch.ends.set(b.interval, { cum: b.cum, nonce: ch.nonce });
      ch.nonce++;
      ch.cum = m.cum;
      ch.ends.set(k, { cum: m.cum, nonce: ch.nonce });
      const bias = 1 + this.cfg.bias(m.participant, k);
      const acc = ch.b.get(k) ?? { ...ZERO };
      const noise = () => 1 + (this.cfg.meterNoiseSd > 0 ? this.cfg.meterNoiseSd * this.rng.normal() : 0);
      acc.import_kwh += m.step.import_kwh * bias * noise();
      acc.export_kwh += m.step.export_kwh * bias * noise();
      ch.b.set(k, acc);
      const tr = ch.truth.get(k) ?? { ...ZERO };
      tr.import_kwh += m.step.import_kwh;
      tr.export_kwh += m.step.export_kwh;
      ch.truth.set(k, tr);
      ch.pv.set(k, (ch.pv.get(k) ?? 0) + m.pv_kwh);
      ch.load.set(k, (ch.load.get(k) ?? 0) + m.load_kwh);
      ch.reported.add(k);
    } else if (m.type === 'stateRequest') {
      const lost = this.cfg.lostState.get(m.participant);
      const e = this.chans.get(m.participant)!.ends.get(m.interval);
      const signed = lost !== undefined && m.interval >= lost ? null : e ? this.sign(m.participant, { channel: `ch:${m.participant}`, nonce: e.nonce, cumImport_kwh: e.cum.import_kwh, cumExport_kwh: e.cum.export_kwh }) : null;
      this.send(this.cfg.market, { type: 'stateResponse', interval: m.interval, participant: m.participant, signed } satisfies StateResponseMsg, 0.05);
    } else if (m.type === 'thirdReadingRequest') {
      const tr = this.chans.get(m.participant)!.truth.get(m.interval) ?? { ...ZERO };
      const n = () => 1 + (this.cfg.meterNoiseSd > 0 ? this.cfg.meterNoiseSd * this.rng.normal() : 0);
      const reading = { import_kwh: tr.import_kwh * n(), export_kwh: tr.export_kwh * n() };
      this.send(this.cfg.market, { type: 'thirdReading', interval: m.interval, participant: m.participant, reading } satisfies ThirdReadingMsg, 0.05);
    }
  }

  private sign(p: string, s: ChannelState) {
    const k = this.cfg.keys(p);
    return cosign(s, k.participant, k.aggregator);
  }

  override onTimer(tag: { kind: 'batch'; k: number } | { kind: 'close' }): void {
    if (tag.kind === 'close') return this.close();
    const k = tag.k;
    const c = this.cfg;
    const entries: BatchEntry[] = [];
    const states: ChannelState[] = [];
    for (const p of c.participants) {
      const ch = this.chans.get(p)!;
      const end = ch.ends.get(k);
      const prevEnd = k === 0 ? { cum: ZERO } : ch.ends.get(k - 1);
      const present = !c.blackout.has(k) && ch.reported.has(k) && end !== undefined;
      const pvk = ch.pv.get(k) ?? 0, loadk = ch.load.get(k) ?? 0;
      if (!present || !prevEnd) {
        entries.push({ participant: p, a: null, b: null, pv_kwh: pvk, load_kwh: loadk, nonce: null });
        continue;
      }
      const entry: BatchEntry = { participant: p, a: sub(end.cum, prevEnd.cum), b: ch.b.get(k) ?? { ...ZERO }, pv_kwh: pvk, load_kwh: loadk, nonce: end.nonce };
      // the previous window was missed but its interval-end registers arrived since (smart-meter backlog)
      const before = k >= 2 ? ch.ends.get(k - 2) : k === 1 ? { cum: ZERO } : undefined;
      if (k >= 1 && !ch.reported.has(k - 1) && before) entry.recovered = sub(prevEnd.cum, before.cum);
      entries.push(entry);
      states.push({ channel: `ch:${p}`, nonce: end.nonce, cumImport_kwh: end.cum.import_kwh, cumExport_kwh: end.cum.export_kwh });
    }
    const batch: Batch = { interval: k, root: batchRoot(states), entries };
    this.send(c.market, { type: 'batch', batch }, 0.05);
  }

  /** Closes every channel on the ledger with its final co-signed state. */
  private close(): void {
    for (const p of this.cfg.participants) {
      const ch = this.chans.get(p)!;
      const s = this.sign(p, { channel: `ch:${p}`, nonce: ch.nonce, cumImport_kwh: ch.cum.import_kwh, cumExport_kwh: ch.cum.export_kwh });
      this.cfg.ledger.emit({ t: this.now, type: 'ChannelClosed', signer: 'aggregator', participant: p, channel: s.state.channel, nonce: s.state.nonce, cumImport_kwh: Math.round(s.state.cumImport_kwh * 1e6) / 1e6, cumExport_kwh: Math.round(s.state.cumExport_kwh * 1e6) / 1e6, sigParticipant: s.sigParticipant, sigAggregator: s.sigAggregator });
    }
  }
}
