// The streaming file writers write exactly the bytes of toJsonl / toCsv (across chunk boundaries,
// with raw JsonLine items, unicode and quoting), and an empty table still gets its header line.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonLine, JsonlChunks, toCsv, toJsonl, writeCsvFile, writeJsonlFile } from '../../src/output/csv.js';
import { LineStore } from '../../src/contracts/line-store.js';
import type { Row } from '../../src/sim/recorder.js';
import { scanLog } from '../../src/output/anchor-files.js';

const dir = mkdtempSync(join(tmpdir(), 'vpsim-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cell = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.string(), fc.constant(null), fc.string({ unit: 'grapheme', maxLength: 5 }));

describe('streaming writers', () => {
  it('JSONL: same bytes as toJsonl; JsonLine items written verbatim', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string({ maxLength: 4 }), cell, { maxKeys: 4 }), { maxLength: 60 }), (items) => {
        const f = join(dir, 'a.jsonl');
        const mixed = items.map((it, i) => (i % 3 === 0 ? new JsonLine(JSON.stringify(it)) : it));
        writeJsonlFile(f, mixed);
        expect(readFileSync(f, 'utf8')).toBe(toJsonl(items));
        expect(JSON.stringify(mixed)).toBe(JSON.stringify(items));
      }),
      { numRuns: 60 }
    );
  });

  it('JSONL from stored bytes (JsonlChunks over a LineStore, partly spilled to its scratch file): same file and scan as writing the items', () => {
    const items = Array.from({ length: 80_000 }, (_, i) => ({ i, s: i % 1000 === 0 ? 'é€' : 'a'.repeat(i % 300), ...(i % 7 === 0 ? { sig: 'ab' } : {}) }));
    const store = new LineStore({ spill: true });
    for (let i = 0; i < items.length; i += 97) store.appendAll(items.slice(i, i + 97).map((it) => JSON.stringify(it)));
    const f = join(dir, 'chunks.jsonl');
    const g = join(dir, 'items.jsonl');
    const scan = writeJsonlFile(f, new JsonlChunks(store));
    expect(scan).toEqual(writeJsonlFile(g, items));
    expect(readFileSync(f, 'utf8')).toBe(readFileSync(g, 'utf8'));
    expect(scan).toEqual(scanLog(f));
    expect(JSON.stringify([...new JsonlChunks(store)])).toBe(JSON.stringify(items));
    expect(writeJsonlFile(f, new JsonlChunks(new LineStore()))).toEqual(scanLog(f));
  });

  it('JSONL over several MB chunks; the writer\'s own scan (digest, lines, signed, first, last) equals the file read back', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ i, s: 'é'.repeat(i % 50), x: [i, i / 3], ...(i % 7 === 0 ? { sig: 'ab' } : {}) }));
    const f = join(dir, 'big.jsonl');
    const scan = writeJsonlFile(f, items);
    expect(readFileSync(f, 'utf8')).toBe(toJsonl(items));
    expect(scan).toEqual(scanLog(f));
    expect(scan.signed).toBe(Math.ceil(30_000 / 7));
    expect(writeJsonlFile(f, [])).toEqual(scanLog(f));
  });

  it('CSV: same bytes as toCsv, incl. more rows than one block and rows with other columns', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom('a', 'b_kw', 'c,d', 'e"f'), cell, { maxKeys: 4 }), { maxLength: 30 }), (rows) => {
        const f = join(dir, 'a.csv');
        writeCsvFile(f, rows as never);
        expect(readFileSync(f, 'utf8')).toBe(toCsv(rows as never));
      }),
      { numRuns: 60 }
    );
    const rows: Row[] = Array.from({ length: 10_000 }, (_, i): Row => (i === 9000 ? { t_s: i, late: true } : { t_s: i, p_kw: i / 7 }));
    const f = join(dir, 'big.csv');
    writeCsvFile(f, rows);
    expect(readFileSync(f, 'utf8')).toBe(toCsv(rows));
    writeCsvFile(f, []);
    expect(readFileSync(f, 'utf8')).toBe(toCsv([]));
  });
});
