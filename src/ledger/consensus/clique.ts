// Clique (EIP-225) sealing rules as pure functions: in-turn signer, difficulty, the signer limit
// (recents), the out-of-turn wiggle and epoch checkpoints. No timing, no engine: see fork-engine.ts.

/** Difficulty of an in-turn block. */
export const DIFF_IN_TURN = 2;
/** Difficulty of an out-of-turn block. */
export const DIFF_NO_TURN = 1;

/** The in-turn signer of block `number` among N signers (signers sorted by address = index order). */
export function cliqueInTurn(number: number, N: number): number {
  return number % N;
}

/** Difficulty a block of `number` sealed by `signer` carries: 2 in-turn, 1 out-of-turn. */
export function cliqueDifficulty(number: number, signer: number, N: number): number {
  return cliqueInTurn(number, N) === signer ? DIFF_IN_TURN : DIFF_NO_TURN;
}

/** Window of the signer limit: a signer may seal at most one of any floor(N/2)+1 consecutive blocks. */
export function signerLimit(N: number): number {
  return Math.floor(N / 2) + 1;
}

/** Upper bound of the out-of-turn delay: (floor(N/2)+1) x the wiggle unit (geth: 500 ms), s. */
export function wiggleMax_s(N: number, unit_s: number): number {
  return signerLimit(N) * unit_s;
}

/** True when block `number` is an epoch checkpoint (signer list in the header, votes reset). */
export function isCheckpoint(number: number, epoch: number): boolean {
  return number % epoch === 0;
}

/**
 * The recent signers of one chain (block number of each signer's last block), as Clique's
 * snapshot keeps them. `maySeal(s, n)` applies the signer limit to a block `n` on top of it.
 */
export class CliqueRecents {
  private readonly last: Map<number, number>;

  constructor(readonly N: number, from?: CliqueRecents) {
    this.last = new Map(from ? from.last : []);
  }

  /** May `signer` seal block `number` on top of this chain? */
  maySeal(signer: number, number: number): boolean {
    const seen = this.last.get(signer);
    return seen === undefined || number - seen >= signerLimit(this.N);
  }

  /** Records that `signer` sealed block `number` (throws when that breaks the limit). */
  record(signer: number, number: number): void {
    if (!this.maySeal(signer, number)) throw new RangeError(`clique: signer ${signer} signed recently (block ${this.last.get(signer)}), cannot seal block ${number}`);
    this.last.set(signer, number);
  }

  /** Signers allowed to seal block `number`, in index order. */
  allowed(number: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.N; s++) if (this.maySeal(s, number)) out.push(s);
    return out;
  }
}
