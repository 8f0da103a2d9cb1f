// The kernel's ceiling: the same M/M/1 day as models/mm1 (the same three events a customer, the
// same seeded RNG streams, the same (time, priority, sequence) order) run as one bare loop over a
// typed-array binary heap, with no agents, no message bus and no slot storage. The benchmark
// prints the kernel's customers per second beside this loop's, measured in the same run.
import { createRng } from '../sim/rng.js';

const ARRIVAL = 0; // source timer: a customer is generated
const DELIVER = 1; // the customer's message reaches the server
const DEPART = 2; // server timer: service ends

export interface BareMm1Result {
  served: number;
  sumWait: number;
  sumSystem: number;
  busyTime: number;
  maxQueue: number;
  lastDeparture: number;
}

export function bareMm1(seed: number, arrivalRate: number, serviceRate: number, customers: number): BareMm1Result {
  const src = createRng(seed, 'source');
  const srv = createRng(seed, 'server');
  let cap = 1024;
  let ht = new Float64Array(cap), hk = new Float64Array(cap), hv = new Uint8Array(cap), hc = new Int32Array(cap);
  let n = 0, seq = 0;
  const push = (t: number, kind: number, cust: number) => {
    if (n === cap) {
      cap *= 2;
      const a = new Float64Array(cap), b = new Float64Array(cap), c = new Uint8Array(cap), d = new Int32Array(cap);
      a.set(ht);
      b.set(hk);
      c.set(hv);
      d.set(hc);
      ht = a;
      hk = b;
      hv = c;
      hc = d;
    }
    const k = seq++;
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ht[p] < t || (ht[p] === t && hk[p] < k)) break;
      ht[i] = ht[p];
      hk[i] = hk[p];
      hv[i] = hv[p];
      hc[i] = hc[p];
      i = p;
    }
    ht[i] = t;
    hk[i] = k;
    hv[i] = kind;
    hc[i] = cust;
  };
  // FIFO of waiting customers (arrival times and ids)
  let ring = new Float64Array(1024);
  let ids = new Int32Array(1024);
  let head = 0, len = 0;
  let busy = false, sent = 0, served = 0, sumWait = 0, now = 0;
  let sumSystem = 0, busyTime = 0, maxQueue = 0, lastDeparture = 0, currentArrival = 0, serviceStart = 0;
  push(src.exponential(arrivalRate), ARRIVAL, 0);
  while (n > 0) {
    now = ht[0];
    const kind = hv[0];
    const cust = hc[0];
    // pop: sift the last element down from the root
    const last = --n;
    if (last > 0) {
      const t = ht[last], k = hk[last], v = hv[last], c = hc[last];
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let ch = 2 * i + 1;
        const r = ch + 1;
        if (r < last && (ht[r] < ht[ch] || (ht[r] === ht[ch] && hk[r] < hk[ch]))) ch = r;
        if (t < ht[ch] || (t === ht[ch] && k < hk[ch])) break;
        ht[i] = ht[ch];
        hk[i] = hk[ch];
        hv[i] = hv[ch];
        hc[i] = hc[ch];
        i = ch;
      }
      ht[i] = t;
      hk[i] = k;
      hv[i] = v;
      hc[i] = c;
    }
    if (kind === ARRIVAL) {
      const id = sent++;
      push(now, DELIVER, id);
      if (sent < customers) push(now + src.exponential(arrivalRate), ARRIVAL, 0);
    } else if (kind === DELIVER) {
      if (!busy) {
        busy = true;
        currentArrival = now;
        serviceStart = now;
        push(now + srv.exponential(serviceRate), DEPART, cust);
      } else {
        if (len === ring.length) {
          const r2 = new Float64Array(2 * ring.length);
          const i2 = new Int32Array(2 * ring.length);
          for (let i = 0; i < len; i++) {
            r2[i] = ring[(head + i) & (ring.length - 1)];
            i2[i] = ids[(head + i) & (ring.length - 1)];
          }
          ring = r2;
          ids = i2;
          head = 0;
        }
        const tail = (head + len) & (ring.length - 1);
        ring[tail] = now;
        ids[tail] = cust;
        len++;
        if (len > maxQueue) maxQueue = len;
      }
    } else {
      served++;
      lastDeparture = now;
      sumSystem += now - currentArrival;
      busyTime += now - serviceStart;
      busy = false;
      if (len > 0) {
        const a = ring[head];
        const id = ids[head];
        head = (head + 1) & (ring.length - 1);
        len--;
        busy = true;
        currentArrival = a;
        serviceStart = now;
        sumWait += now - a;
        push(now + srv.exponential(serviceRate), DEPART, id);
      }
    }
  }
  return { served, sumWait, sumSystem, busyTime, maxQueue, lastDeparture };
}
