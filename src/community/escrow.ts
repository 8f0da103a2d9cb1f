// Escrow, collateral and margin (community.md, [source]). Per participant: a cash wallet, and a
// margin account (posted collateral) of which `locked` backs the open positions and `frozen` is
// held by disputes.
//   matching: a trade locks ratio x qty x price of each party (ratio 10-20% by reputation); an
//     order fills only up to what free collateral (posted - locked - frozen) covers (partial fill).
//   margin: required(t) = sum over open positions of ratio x qty x price x spot(t) / spot at
//     matching (the contract value marked to the spot price); posted below
//     marginCall x required (150%) opens a margin call with a deadline (30 min). A top-up from the
//     wallet that restores the level closes it; at the deadline a party still below is partly
//     liquidated: its positions of intervals that have not started are cancelled and
//     liquidationShare of the collateral locked for the remaining ones goes to the insurance pool.
//   settlement: an interval's positions close and their locks are released.
import { ROUND, type CollateralGate, type Order } from './types.js';

export interface EscrowParams {
  /** Multiple of the required collateral below which a margin call opens (1.5). */
  marginCall: number;
  /** Time to top up after a margin call, s (1800). */
  marginDeadline_s: number;
  /** Share of locked collateral moved to the insurance pool on liquidation. */
  liquidationShare: number;
  /** Top-ups restore posted collateral to this multiple of required (>= marginCall). */
  topUpTarget: number;
}

export interface Position {
  tradeId: string;
  interval: number;
  qty_kwh: number;
  ratio: number;
  lock_mu: number;
  /** Contract price and the spot price at matching: the exposure moves with spot / spotAtMatch. */
  price: number;
  spotAtMatch: number;
}

export interface Account {
  /** Cash the participant keeps for collateral top-ups and penalties. */
  wallet_mu: number;
  /** Net energy payments of the settled intervals (bills; kept apart from the collateral wallet). */
  billed_mu: number;
  posted_mu: number;
  locked_mu: number;
  frozen_mu: number;
  ratio: number;
  positions: Position[];
  marginCall: { opened_s: number; deadline_s: number } | null;
}

export type MarginAction =
  | { kind: 'marginCall'; participant: string; posted_mu: number; required_mu: number; deadline_s: number }
  | { kind: 'marginRestored'; participant: string; posted_mu: number; required_mu: number }
  | { kind: 'liquidation'; participant: string; amount_mu: number; cancelled: string[]; posted_mu: number; required_mu: number };

export class Escrow {
  readonly accounts = new Map<string, Account>();
  insurancePool_mu = 0;

  constructor(readonly p: EscrowParams) {}

  open(participant: string, wallet_mu: number, posted_mu: number, ratio: number): void {
    this.accounts.set(participant, { wallet_mu, billed_mu: 0, posted_mu, locked_mu: 0, frozen_mu: 0, ratio, positions: [], marginCall: null });
  }

  acct(participant: string): Account {
    const a = this.accounts.get(participant);
    if (!a) throw new Error(`no escrow account for '${participant}'`);
    return a;
  }

  free(participant: string): number {
    const a = this.acct(participant);
    return Math.max(0, a.posted_mu - a.locked_mu - a.frozen_mu);
  }

  setRatio(participant: string, ratio: number): void {
    this.acct(participant).ratio = ratio;
  }

  /** The collateral gate the clearing uses; `onTake` sees each lock (for the records). */
  gate(): CollateralGate & { taken: Map<string, number> } {
    const taken = new Map<string, number>();
    return {
      taken,
      cap: (o: Order, price: number) => {
        const a = this.acct(o.participant);
        const per = a.ratio * price;
        if (per <= 0) return Infinity;
        return (this.free(o.participant) - (taken.get(o.participant) ?? 0)) / per;
      },
      take: (o: Order, qty: number, price: number) => {
        const a = this.acct(o.participant);
        taken.set(o.participant, (taken.get(o.participant) ?? 0) + a.ratio * qty * price);
      },
    };
  }

  /** Locks a matched trade for one party; returns the amount locked. */
  lock(participant: string, tradeId: string, interval: number, qty_kwh: number, price: number, spot = price): number {
    const a = this.acct(participant);
    const lock_mu = Math.min(a.ratio * qty_kwh * price, this.free(participant));
    a.locked_mu += lock_mu;
    a.positions.push({ tradeId, interval, qty_kwh, ratio: a.ratio, lock_mu, price, spotAtMatch: spot > 0 ? spot : price });
    return lock_mu;
  }

  required(participant: string, spot: number): number {
    let r = 0;
    for (const x of this.acct(participant).positions) r += x.ratio * x.qty_kwh * x.price * (spot / x.spotAtMatch);
    return r;
  }

  /**
   * Margin check of every account at time t with the current spot price. `intervalStarted(k)`
   * says whether interval k's delivery began (its positions can no longer be cancelled).
   */
  checkMargins(t: number, spot: number, intervalStarted: (k: number) => boolean): MarginAction[] {
    const out: MarginAction[] = [];
    for (const [id, a] of this.accounts) {
      const req = this.required(id, spot);
      const below = req > ROUND && a.posted_mu < this.p.marginCall * req - 1e-9;
      if (a.marginCall === null) {
        if (below) {
          a.marginCall = { opened_s: t, deadline_s: t + this.p.marginDeadline_s };
          out.push({ kind: 'marginCall', participant: id, posted_mu: a.posted_mu, required_mu: req, deadline_s: a.marginCall.deadline_s });
        }
      } else if (!below) {
        a.marginCall = null;
        out.push({ kind: 'marginRestored', participant: id, posted_mu: a.posted_mu, required_mu: req });
      } else if (t >= a.marginCall.deadline_s) {
        const cancelled: string[] = [];
        a.positions = a.positions.filter((x) => {
          if (intervalStarted(x.interval)) return true;
          cancelled.push(x.tradeId);
          return false;
        });
        // the pool seizes liquidationShare of what backs the remaining (delivering) positions
        let locked = 0;
        for (const x of a.positions) locked += x.lock_mu;
        const seized = Math.min(this.p.liquidationShare * locked, a.posted_mu);
        const keep = locked > 0 ? 1 - seized / locked : 1;
        for (const x of a.positions) x.lock_mu *= keep;
        a.locked_mu = locked * keep;
        a.posted_mu -= seized;
        this.insurancePool_mu += seized;
        a.marginCall = null;
        out.push({ kind: 'liquidation', participant: id, amount_mu: seized, cancelled, posted_mu: a.posted_mu, required_mu: this.required(id, spot) });
      }
    }
    return out;
  }

  /** Tops up from the wallet to topUpTarget x required (as far as the wallet allows); returns the amount. */
  topUp(participant: string, spot: number): number {
    const a = this.acct(participant);
    const want = this.p.topUpTarget * this.required(participant, spot) - a.posted_mu;
    const amt = Math.max(0, Math.min(want, a.wallet_mu));
    a.wallet_mu -= amt;
    a.posted_mu += amt;
    return amt;
  }

  /** Removes a cancelled trade's position of a party (the counterparty side of a liquidation). */
  cancel(participant: string, tradeId: string): void {
    const a = this.acct(participant);
    a.positions = a.positions.filter((x) => {
      if (x.tradeId !== tradeId) return true;
      a.locked_mu -= x.lock_mu;
      return false;
    });
  }

  /** Closes a party's positions of interval k and releases their locks. */
  release(participant: string, interval: number): number {
    const a = this.acct(participant);
    let rel = 0;
    a.positions = a.positions.filter((x) => {
      if (x.interval !== interval) return true;
      rel += x.lock_mu;
      return false;
    });
    a.locked_mu = Math.max(0, a.locked_mu - rel);
    return rel;
  }

  /** Locks of a party's positions of interval k (what a dispute freezes). */
  lockedFor(participant: string, interval: number): number {
    let s = 0;
    for (const x of this.acct(participant).positions) if (x.interval === interval) s += x.lock_mu;
    return s;
  }

  freeze(participant: string, amount_mu: number): number {
    const a = this.acct(participant);
    const amt = Math.max(0, Math.min(amount_mu, a.posted_mu - a.frozen_mu));
    a.frozen_mu += amt;
    return amt;
  }

  unfreeze(participant: string, amount_mu: number): void {
    const a = this.acct(participant);
    a.frozen_mu = Math.max(0, a.frozen_mu - amount_mu);
  }

  /** Charges a penalty: from posted collateral first, the rest from the wallet; paid into the pool. */
  chargePenalty(participant: string, amount_mu: number): void {
    const a = this.acct(participant);
    const fromPosted = Math.min(amount_mu, Math.max(0, a.posted_mu - a.locked_mu - a.frozen_mu));
    a.posted_mu -= fromPosted;
    a.wallet_mu -= amount_mu - fromPosted;
    this.insurancePool_mu += amount_mu;
  }

  /** Pays a counterparty's loss from the insurance pool, as far as the pool allows; returns the amount. */
  compensate(participant: string, amount_mu: number): number {
    const amt = Math.max(0, Math.min(amount_mu, this.insurancePool_mu));
    this.insurancePool_mu -= amt;
    this.acct(participant).wallet_mu += amt;
    return amt;
  }
}
