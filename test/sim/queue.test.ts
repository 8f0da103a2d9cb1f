import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/sim/queue.js';

describe('EventQueue', () => {
  it('pops in (time, priority, sequence) order for any insertion sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 20 }), p: fc.integer({ min: -3, max: 3 }) }), { maxLength: 300 }),
        (items) => {
          const q = new EventQueue(2); // tiny capacity exercises growth
          items.forEach((it, i) => q.push(it.t, it.p, 0, -1, 0, i));
          const expected = items.map((it, i) => ({ ...it, i })).sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i).map((x) => x.i);
          const got: number[] = [];
          while (q.size > 0) {
            const s = q.pop();
            got.push(q.data[s] as number);
            q.release(s);
          }
          expect(got).toEqual(expected);
        }
      )
    );
  });

  it('interleaves pushes and pops correctly and recycles slots', () => {
    const q = new EventQueue(4);
    q.push(5, 0, 1, -1, 0, 'a');
    q.push(1, 0, 2, -1, 0, 'b');
    let s = q.pop();
    expect([q.data[s], q.target[s]]).toEqual(['b', 2]);
    q.release(s);
    q.push(3, 0, 3, -1, 1, 'c');
    s = q.pop();
    expect([q.data[s], q.kind[s]]).toEqual(['c', 1]);
    q.release(s);
    s = q.pop();
    expect(q.data[s]).toBe('a');
    expect(q.size).toBe(0);
  });

  it('rejects out-of-range priorities', () => {
    const q = new EventQueue();
    expect(() => q.push(0, 1e6, 0, -1, 0, null)).toThrow(/priority/);
    expect(() => q.push(0, 0.5, 0, -1, 0, null)).toThrow(/priority/);
  });
});
