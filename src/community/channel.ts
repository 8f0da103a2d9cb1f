// Metering state channels ([source], community.md): a participant and the aggregator co-sign channel
// states (channel id, nonce, cumulative import and export kWh); only each settlement batch's
// Merkle root of the states and the net positions go on-chain. A dispute submits a co-signed state;
// the valid state with the highest nonce wins; whoever submitted a stale (lower nonce) or badly
// signed state is penalized; if no submitted state is valid, both parties' collateral freezes.
//
// Ed25519 is deterministic, so a state's co-signature is a pure function of its content and the
// two keys: vpsim computes it when a state leaves the channel (a dispute or the final close) and
// gets the same bytes as signing at every update.
import { sign, verify, type KeyObject } from 'node:crypto';
import { merkleRoot, sha256Hex } from '../ledger/hash.js';

export interface ChannelState {
  channel: string;
  nonce: number;
  cumImport_kwh: number;
  cumExport_kwh: number;
}

export interface SignedState {
  state: ChannelState;
  /** Hex Ed25519 signatures of the canonical state by the participant and by the aggregator. */
  sigParticipant: string;
  sigAggregator: string;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Canonical bytes of a state (fixed field order, kWh rounded to 1e-6). */
export function canonicalState(s: ChannelState): string {
  return JSON.stringify([s.channel, s.nonce, r6(s.cumImport_kwh), r6(s.cumExport_kwh)]);
}

export function stateLeaf(s: ChannelState): string {
  return sha256Hex(canonicalState(s));
}

export function cosign(s: ChannelState, participantKey: KeyObject, aggregatorKey: KeyObject): SignedState {
  const b = Buffer.from(canonicalState(s));
  return { state: { ...s }, sigParticipant: sign(null, b, participantKey).toString('hex'), sigAggregator: sign(null, b, aggregatorKey).toString('hex') };
}

export function verifyState(ss: SignedState, participantPub: KeyObject, aggregatorPub: KeyObject): boolean {
  const b = Buffer.from(canonicalState(ss.state));
  const ok = (sig: string, k: KeyObject) => /^[0-9a-f]{128}$/.test(sig) && verify(null, b, k, Buffer.from(sig, 'hex'));
  return ok(ss.sigParticipant, participantPub) && ok(ss.sigAggregator, aggregatorPub);
}

/** Merkle root of one settlement batch: the leaves of the channel states in channel order. */
export function batchRoot(states: readonly ChannelState[]): string {
  return merkleRoot(states.map(stateLeaf));
}

export interface Submission {
  submitter: string;
  signed: SignedState;
}

export type DisputeOutcome =
  | { kind: 'resolved'; winner: Submission; penalized: { submitter: string; reason: 'stale' | 'badSignature' }[] }
  | { kind: 'noValidState'; penalized: { submitter: string; reason: 'badSignature' }[] };

/** Resolves a channel dispute among the submitted states (the channel's two public keys verify them). */
export function resolveDispute(subs: readonly Submission[], participantPub: KeyObject, aggregatorPub: KeyObject): DisputeOutcome {
  const valid = subs.filter((s) => verifyState(s.signed, participantPub, aggregatorPub));
  const bad = subs.filter((s) => !valid.includes(s)).map((s) => ({ submitter: s.submitter, reason: 'badSignature' as const }));
  if (valid.length === 0) return { kind: 'noValidState', penalized: bad };
  let winner = valid[0];
  for (const s of valid) if (s.signed.state.nonce > winner.signed.state.nonce) winner = s;
  const stale = valid.filter((s) => s.signed.state.nonce < winner.signed.state.nonce).map((s) => ({ submitter: s.submitter, reason: 'stale' as const }));
  return { kind: 'resolved', winner, penalized: [...bad, ...stale] };
}
