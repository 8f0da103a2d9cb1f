// Energy certificates and carbon provenance ([source], community.md). 1 token = 1 kWh of verified
// energy with its carbon intensity (kg CO2e/MWh), time and bus; amounts are kept in integer Wh
// (milli-tokens) so sums are exact. A batch moves whole or in part; when its energy is used it is
// retired (consumed), and a retired batch cannot move again, so no kWh is counted twice.
// V2G: one provenance token per discharge session, with displacement factor
// `discharge intensity - charging intensity / round-trip efficiency` and net reduction
// `factor x energy discharged`.

export interface TokenBatch {
  id: string;
  owner: string;
  wh: number;
  intensity_kg_per_mwh: number;
  /** Production interval and bus. */
  interval: number;
  bus: number;
  producer: string;
  retired: boolean;
}

export type TokenOp =
  | { op: 'mint'; batch: string; owner: string; wh: number; interval: number; bus: number; intensity_kg_per_mwh: number }
  | { op: 'transfer'; batch: string; from: string; to: string; wh: number; newBatch: string }
  | { op: 'retire'; batch: string; owner: string; wh: number };

export class TokenError extends Error {}

export class TokenRegistry {
  readonly batches = new Map<string, TokenBatch>();
  /** Minted Wh per (producer, interval): never above the verified RES energy. */
  private readonly mintedFor = new Map<string, number>();
  private seq = 0;

  /** Mints up to the verified RES energy not yet certified for (producer, interval). */
  mint(producer: string, interval: number, bus: number, kwh: number, verifiedRes_kwh: number, intensity: number): { batch: TokenBatch; op: TokenOp } | null {
    const key = `${producer}|${interval}`;
    const already = this.mintedFor.get(key) ?? 0;
    const cap = Math.floor(verifiedRes_kwh * 1000 + 1e-6);
    const wh = Math.min(Math.floor(kwh * 1000 + 1e-6), cap - already);
    if (wh <= 0) return null;
    this.mintedFor.set(key, already + wh);
    const batch: TokenBatch = { id: `tok:${this.seq++}`, owner: producer, wh, intensity_kg_per_mwh: intensity, interval, bus, producer, retired: false };
    this.batches.set(batch.id, batch);
    return { batch, op: { op: 'mint', batch: batch.id, owner: producer, wh, interval, bus, intensity_kg_per_mwh: intensity } };
  }

  /** Moves wh of a batch to a new owner (splitting it); a retired batch cannot move. */
  transfer(id: string, from: string, to: string, wh: number): { batch: TokenBatch; op: TokenOp } {
    const b = this.batches.get(id);
    if (!b) throw new TokenError(`no token batch ${id}`);
    if (b.retired) throw new TokenError(`token batch ${id} is retired and cannot move`);
    if (b.owner !== from) throw new TokenError(`token batch ${id} is owned by ${b.owner}, not ${from}`);
    if (!(wh > 0) || wh > b.wh || !Number.isInteger(wh)) throw new TokenError(`cannot move ${wh} Wh of ${b.wh} Wh in ${id}`);
    b.wh -= wh;
    const nb: TokenBatch = { ...b, id: `tok:${this.seq++}`, owner: to, wh };
    this.batches.set(nb.id, nb);
    if (b.wh === 0) this.batches.delete(id);
    return { batch: nb, op: { op: 'transfer', batch: id, from, to, wh, newBatch: nb.id } };
  }

  /** Retires (consumes) a whole batch. */
  retire(id: string, owner: string): TokenOp {
    const b = this.batches.get(id);
    if (!b) throw new TokenError(`no token batch ${id}`);
    if (b.retired) throw new TokenError(`token batch ${id} is already retired`);
    if (b.owner !== owner) throw new TokenError(`token batch ${id} is owned by ${b.owner}, not ${owner}`);
    b.retired = true;
    return { op: 'retire', batch: id, owner, wh: b.wh };
  }

  /** Unretired batches of an owner, oldest first. */
  holdings(owner: string): TokenBatch[] {
    return [...this.batches.values()].filter((b) => b.owner === owner && !b.retired);
  }
}

export interface EnergySlice {
  kwh: number;
  intensity_kg_per_mwh: number;
}

export interface V2gSessionToken {
  charged_kwh: number;
  discharged_kwh: number;
  chargingIntensity_kg_per_mwh: number;
  dischargeIntensity_kg_per_mwh: number;
  roundTripEfficiency: number;
  /** discharge intensity - charging intensity / round-trip efficiency, kg CO2e/MWh. */
  displacementFactor_kg_per_mwh: number;
  /** factor x energy discharged, kg CO2e (positive = emissions avoided). */
  netReduction_kg: number;
}

const wavg = (xs: readonly EnergySlice[]) => {
  const e = xs.reduce((a, x) => a + x.kwh, 0);
  return e > 0 ? xs.reduce((a, x) => a + x.kwh * x.intensity_kg_per_mwh, 0) / e : 0;
};

export function v2gSessionToken(charging: readonly EnergySlice[], discharging: readonly EnergySlice[], rte: number): V2gSessionToken {
  const ci = wavg(charging);
  const di = wavg(discharging);
  const e = discharging.reduce((a, x) => a + x.kwh, 0);
  const factor = di - ci / rte;
  return {
    charged_kwh: charging.reduce((a, x) => a + x.kwh, 0),
    discharged_kwh: e,
    chargingIntensity_kg_per_mwh: ci,
    dischargeIntensity_kg_per_mwh: di,
    roundTripEfficiency: rte,
    displacementFactor_kg_per_mwh: factor,
    netReduction_kg: (factor * e) / 1000,
  };
}
