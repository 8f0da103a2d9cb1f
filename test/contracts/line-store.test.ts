// The off-heap line store a run keeps its committed events.jsonl lines in: every line comes back
// exactly as appended, in order, across chunk boundaries and with multi-byte characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineStore } from '../../src/contracts/line-store.js';

describe('LineStore', () => {
  it('returns every line as appended (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constant('')), { maxLength: 200 }), (lines) => {
        const s = new LineStore();
        for (const l of lines) s.append(l);
        expect(s.length).toBe(lines.length);
        expect([...s]).toEqual(lines);
        lines.forEach((l, i) => expect(s.at(i)).toBe(l));
        // the same lines appended in batches (one write per ASCII batch, line by line otherwise)
        const b = new LineStore();
        for (let i = 0; i < lines.length; i += 7) b.appendAll(lines.slice(i, i + 7));
        expect([...b]).toEqual(lines);
        expect(Buffer.concat([...b.bytes()]).toString('utf8')).toBe(lines.map((l) => l + '\n').join(''));
      }),
      { numRuns: 200, seed: 16 }
    );
  });

  it.each([false, true])('keeps lines whole across 8 MB chunks and lines longer than a chunk (spill %s)', (spill) => {
    const s = new LineStore({ spill });
    const big = 'x'.repeat(3 << 20) + 'é';
    const lines = [big, 'a', big + 'β', '€'.repeat(100), big, 'z'];
    for (let i = 0; i < 4; i++) for (const l of lines) s.append(l);
    expect(s.length).toBe(24);
    for (let i = 0; i < 24; i++) expect(s.at(i)).toBe(lines[i % lines.length]);
    expect(Buffer.concat(Array.from(s.bytes(), (b) => Buffer.from(b))).toString('utf8')).toBe(Array.from({ length: 24 }, (_, i) => lines[i % lines.length] + '\n').join(''));
    // spilled: one chunk buffer in memory, the rest in the scratch file
    if (spill) expect(s.memoryBytes).toBeLessThan(16 << 20);
    expect(() => s.at(24)).toThrow(RangeError);
    expect(() => s.at(-1)).toThrow(RangeError);
  });
});
