// A block tree with total difficulty and per-node heads: the fork choice of Clique and Aura
// (heaviest chain; on equal weight a node keeps the head it has, i.e. the first seen), with
// reorganization depth when a node's head moves to a block that does not extend it.

export interface TreeBlock {
  id: number;
  /** Parent id, or -1 for genesis. */
  parent: number;
  number: number;
  difficulty: number;
}

export interface HeadChange {
  /** True when the node switched head. */
  switched: boolean;
  /** Blocks of the old head's chain that left the canonical chain (0 = plain extension). */
  reorgDepth: number;
}

export class BlockTree {
  private readonly blocks = new Map<number, TreeBlock & { td: number }>();
  private readonly heads: number[];

  constructor(nodes: number, genesisId = 0) {
    this.blocks.set(genesisId, { id: genesisId, parent: -1, number: 0, difficulty: 0, td: 0 });
    this.heads = new Array(nodes).fill(genesisId);
  }

  add(b: TreeBlock): void {
    const p = this.blocks.get(b.parent);
    if (!p) throw new RangeError(`fork choice: unknown parent ${b.parent} of block ${b.id}`);
    if (b.number !== p.number + 1) throw new RangeError(`fork choice: block ${b.id} number ${b.number} is not parent's + 1`);
    if (this.blocks.has(b.id)) throw new RangeError(`fork choice: block ${b.id} added twice`);
    this.blocks.set(b.id, { ...b, td: p.td + b.difficulty });
  }

  td(id: number): number {
    const b = this.blocks.get(id);
    if (!b) throw new RangeError(`fork choice: unknown block ${id}`);
    return b.td;
  }

  head(node: number): number {
    return this.heads[node];
  }

  /** Would `id` replace the current head of `node` (strictly heavier)? */
  heavier(node: number, id: number): boolean {
    return this.td(id) > this.td(this.heads[node]);
  }

  /** Node `node` learns block `id`: adopts it when strictly heavier than its head. */
  offer(node: number, id: number): HeadChange {
    if (!this.heavier(node, id)) return { switched: false, reorgDepth: 0 };
    const old = this.heads[node];
    this.heads[node] = id;
    return { switched: true, reorgDepth: this.depthOff(old, id) };
  }

  /** Sets a node's head regardless of weight (an equal-weight switch forced by the next block). */
  forceHead(node: number, id: number): void {
    this.td(id);
    this.heads[node] = id;
  }

  /** How many blocks of `oldHead`'s chain are not ancestors of `newHead`. */
  depthOff(oldHead: number, newHead: number): number {
    const anc = new Set<number>();
    for (let x = newHead; x !== -1; x = this.blocks.get(x)!.parent) anc.add(x);
    let d = 0;
    for (let x = oldHead; x !== -1 && !anc.has(x); x = this.blocks.get(x)!.parent) d++;
    return d;
  }
}
