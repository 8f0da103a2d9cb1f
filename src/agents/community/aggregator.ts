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
  /** Per interval: DSO meter import/export (reading B), true import/export, PV, load, kWh. */
  bImp: Float64Array;
  bExp: Float64Array;
  tImp: Float64Array;
  tExp: Float64Array;
  pv: Float64Array;
  load: Float64Array;
  reported: Uint8Array;
}

const sub = (a: Registers, b: Registers): Registers => ({ import_kwh: Math.max(0, a.import_kwh - b.import_kwh), export_kwh: Math.max(0, a.export_kwh - b.export_kwh) });
const ZERO: Registers = { import_kwh: 0, export_kwh: 0 };

export class AggregatorAgent extends Agent<AggregatorInbound, { kind: 'batch'; k: number } | { kind: 'close' }> {
  private readonly chans = new Map<string, Chan>();

  constructor(id: string, private readonly cfg: AggregatorConfig) {
    super(id);
    const n = cfg.intervals + 1;
    for (const p of cfg.participants) {
      this.chans.set(p, { nonce: 0, cum: { ...ZERO }, ends: new Map(), bImp: new Float64Array(n), bExp: new Float64Array(n), tImp: new Float64Array(n), tExp: new Float64Array(n), pv: new Float64Array(n), load: new Float64Array(n), reported: new Uint8Array(n) });
    }
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
      if (k < 0 || k >= ch.reported.length) return;
      const bias = 1 + this.cfg.bias(m.participant, k);
      const sd = this.cfg.meterNoiseSd;
      ch.bImp[k] += m.step.import_kwh * bias * (sd > 0 ? 1 + sd * this.rng.normal() : 1);
      ch.bExp[k] += m.step.export_kwh * bias * (sd > 0 ? 1 + sd * this.rng.normal() : 1);
      ch.tImp[k] += m.step.import_kwh;
      ch.tExp[k] += m.step.export_kwh;
      ch.pv[k] += m.pv_kwh;
      ch.load[k] += m.load_kwh;
      ch.reported[k] = 1;
    } else if (m.type === 'stateRequest') {
      const lost = this.cfg.lostState.get(m.participant);
      const e = this.chans.get(m.participant)!.ends.get(m.interval);
      const signed = lost !== undefined && m.interval >= lost ? null : e ? this.sign(m.participant, { channel: `ch:${m.participant}`, nonce: e.nonce, cumImport_kwh: e.cum.import_kwh, cumExport_kwh: e.cum.export_kwh }) : null;
      this.send(this.cfg.market, { type: 'stateResponse', interval: m.interval, participant: m.participant, signed } satisfies StateResponseMsg, 0.05);
    } else if (m.type === 'thirdReadingRequest') {
      const ch = this.chans.get(m.participant)!;
      const tr = { import_kwh: ch.tImp[m.interval] ?? 0, export_kwh: ch.tExp[m.interval] ?? 0 };
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
      const present = !c.blackout.has(k) && ch.reported[k] === 1 && end !== undefined;
      const pvk = ch.pv[k], loadk = ch.load[k];
      if (!present || !prevEnd) {
        entries.push({ participant: p, a: null, b: null, pv_kwh: pvk, load_kwh: loadk, nonce: null });
        continue;
      }
      const entry: BatchEntry = { participant: p, a: sub(end.cum, prevEnd.cum), b: { import_kwh: ch.bImp[k], export_kwh: ch.bExp[k] }, pv_kwh: pvk, load_kwh: loadk, nonce: end.nonce };
      // the previous window was missed but its interval-end registers arrived since (smart-meter backlog)
      const before = k >= 2 ? ch.ends.get(k - 2) : k === 1 ? { cum: ZERO } : undefined;
      if (k >= 1 && ch.reported[k - 1] === 0 && before) entry.recovered = sub(prevEnd.cum, before.cum);
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
