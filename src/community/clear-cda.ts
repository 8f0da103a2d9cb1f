// Continuous double auction with price-time priority (the settlement source's contract,
// community.md): orders arrive one by one (in ledger commit order); an incoming order trades
// against the best resting order of the other side while the best buy price >= the best sell
// price, at the resting order's price, volume = min of the two remainders and of what both
// parties' collateral covers. What is left of the incoming order rests in the book.
import { priceTimePriority } from './priority.js';
import { ROUND, UNLIMITED, type ClearingResult, type CollateralGate, type Order, type Trade } from './types.js';

/** Inserts into a sorted array (binary search on the comparator). */
function insert(book: Order[], o: Order): void {
  let lo = 0, hi = book.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (priceTimePriority(book[mid], o) <= 0) lo = mid + 1;
    else hi = mid;
  }
  book.splice(lo, 0, o);
}

export function clearCda(ordersInArrivalOrder: readonly Order[], gate: CollateralGate = UNLIMITED): ClearingResult {
  const bids: Order[] = [];
  const asks: Order[] = [];
  const rem = new Map<string, number>();
  const trades: Trade[] = [];
  for (const inc of ordersInArrivalOrder) {
    if (!(inc.qty_kwh > ROUND)) continue;
    rem.set(inc.id, inc.qty_kwh);
    const book = inc.side === 'buy' ? asks : bids;
    while (book.length > 0 && rem.get(inc.id)! > ROUND) {
      const rest = book[0];
      const crosses = inc.side === 'buy' ? inc.price_mu_per_kwh >= rest.price_mu_per_kwh : rest.price_mu_per_kwh >= inc.price_mu_per_kwh;
      if (!crosses) break;
      const p = rest.price_mu_per_kwh;
      const capInc = gate.cap(inc, p);
      if (capInc <= ROUND) break; // the incoming party's collateral is exhausted: it rests
      const q = Math.min(rem.get(inc.id)!, rem.get(rest.id)!, capInc, gate.cap(rest, p));
      if (q <= ROUND) {
        book.shift(); // the resting party cannot cover more: its order leaves the book
        continue;
      }
      gate.take(inc, q, p);
      gate.take(rest, q, p);
      const [b, a] = inc.side === 'buy' ? [inc, rest] : [rest, inc];
      trades.push({ buyOrder: b.id, sellOrder: a.id, buyer: b.participant, seller: a.participant, qty_kwh: q, price_mu_per_kwh: p, t_s: inc.t_s });
      rem.set(inc.id, rem.get(inc.id)! - q);
      rem.set(rest.id, rem.get(rest.id)! - q);
      if (rem.get(rest.id)! <= ROUND) book.shift();
    }
    if (rem.get(inc.id)! > ROUND) insert(inc.side === 'buy' ? bids : asks, inc);
  }
  const unmatched = new Map<string, number>();
  for (const [id, r] of rem) unmatched.set(id, Math.max(0, r));
  return { trades, price_mu_per_kwh: null, unmatched };
}
