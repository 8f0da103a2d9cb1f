// Aura (Authority Round, as in parity/OpenEthereum) rules as pure functions: step clock, primary
// rotation, the difficulty that makes the fork choice prefer the chain with fewer skipped steps,
// and rolling finality (a block is final once more than half of the validators have sealed blocks
// on the chain from it to the tip). No timing, no engine: see fork-engine.ts.

/** Step number at time t (steps of stepDuration_s from 0). */
export function auraStep(t: number, stepDuration_s: number): number {
  return Math.floor(t / stepDuration_s + 1e-9);
}

/** The primary (only permitted sealer) of a step among N validators. */
export function auraPrimary(step: number, N: number): number {
  return step % N;
}

/** Score added by a block: a large constant + parent step - step (parity's difficulty formula). */
export function auraDifficulty(parentStep: number, step: number): number {
  return AURA_BASE + parentStep - step;
}

/** The constant of auraDifficulty; large enough that one more block always outweighs skipped steps. */
export const AURA_BASE = 2 ** 40;

/**
 * Rolling finality over the canonical chain: push each new block's signer; blocks whose suffix
 * (the block and everything built on it) carries more than half of the N validators are final.
 */
export class RollingFinality {
  private readonly window: { id: number; signer: number }[] = [];
  private readonly count = new Map<number, number>();

  constructor(readonly N: number) {}

  get unfinalized(): number {
    return this.window.length;
  }

  /** Adds a block sealed by `signer`; returns the ids of the blocks that became final, oldest first. */
  push(id: number, signer: number): number[] {
    this.window.push({ id, signer });
    this.count.set(signer, (this.count.get(signer) ?? 0) + 1);
    const out: number[] = [];
    while (this.window.length > 0 && this.count.size * 2 > this.N) {
      const b = this.window.shift()!;
      out.push(b.id);
      const c = this.count.get(b.signer)! - 1;
      if (c === 0) this.count.delete(b.signer);
      else this.count.set(b.signer, c);
    }
    return out;
  }
}
