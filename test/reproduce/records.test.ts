import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/output/csv.js';
import { at, column, num, parseCsv, table } from '../../src/reproduce/records.js';
import { MissingData, type RunRecords } from '../../src/reproduce/types.js';

describe('parseCsv', () => {
  it('round-trips what the run writer writes: numbers, booleans, empty cells, quotes, commas, newlines', () => {
    const rows = [
      { t_s: 0, name: 'a, "quoted"', ok: true, v: -1.5e-7, empty: null },
      { t_s: 300, name: 'line\nbreak', ok: false, v: 42, empty: null },
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
  it('accepts CRLF line ends and a missing final newline', () => {
    expect(parseCsv('a,b\r\n1,x\r\n2,y')).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
  });
  it('keeps numeric-looking ids with letters as strings', () => {
    expect(parseCsv('ev\n1e3x\n007\n')).toEqual([{ ev: '1e3x' }, { ev: 7 }]);
  });
});

describe('accessors', () => {
  const rec: RunRecords = { name: 'r', summary: { kpis: { K7: { successRate: 0.93 } }, metrics: { a: { b: 2 }, s: 'x' } }, tables: { ts: [{ t_s: 1, p_kw: 2 }], empty: [] } };
  it('table: first non-empty of the names, else MissingData naming the files', () => {
    expect(table(rec, 'nope', 'ts')).toHaveLength(1);
    expect(() => table(rec, 'empty', 'x')).toThrow(/empty\.csv \/ x\.csv/);
  });
  it('column: first present candidate, else MissingData listing what exists', () => {
    expect(column(rec.tables.ts, 'power', 'p_real_kw', 'p_kw')).toBe('p_kw');
    expect(() => column(rec.tables.ts, 'power', 'q_kvar')).toThrow(MissingData);
    expect(() => column(rec.tables.ts, 'power', 'q_kvar')).toThrow(/has t_s, p_kw/);
  });
  it('num/at: dotted paths, first finite number', () => {
    expect(at(rec.summary, 'metrics.a.b')).toBe(2);
    expect(num(rec, 'metrics.s', 'kpis.K7.successRate')).toBe(0.93);
    expect(num(rec, 'metrics.missing')).toBeUndefined();
  });
});
