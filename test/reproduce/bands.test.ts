import { describe, expect, it } from 'vitest';
import { bandText, comparisonCsv, comparisonMarkdown, inBand, verdict, type ComparisonRow } from '../../src/reproduce/bands.js';
import { parseCsv } from '../../src/reproduce/records.js';

describe('acceptance bands', () => {
  it('closed interval: the 8-14% cost-reduction band', () => {
    const b = { min: 8, max: 14 };
    expect([7.99, 8, 11, 14, 14.01].map((v) => inBand(v, b))).toEqual([false, true, true, true, false]);
  });
  it('open upper bound: reliability < 75%', () => {
    const b = { max: 75, maxExclusive: true };
    expect(inBand(74.9, b)).toBe(true);
    expect(inBand(75, b)).toBe(false);
  });
  it('one-sided lower bound: > 400 TPS style', () => {
    expect(inBand(1e9, { min: 400 })).toBe(true);
    expect(inBand(399, { min: 400 })).toBe(false);
  });
  it('exactly zero violations', () => {
    expect(inBand(0, { min: 0, max: 0 })).toBe(true);
    expect(inBand(1, { min: 0, max: 0 })).toBe(false);
  });
  it('non-finite values are never inside', () => {
    expect(inBand(NaN, {})).toBe(false);
    expect(inBand(Infinity, { min: 0 })).toBe(false);
  });
  it('verdicts', () => {
    expect(verdict(93.0, { min: 90, max: 96 })).toBe('inside');
    expect(verdict(89.9, { min: 90, max: 96 })).toBe('outside');
    expect(verdict(5, undefined)).toBe('reported');
    expect(verdict(undefined, { min: 0 })).toBe('not available');
  });
  it('band text', () => {
    expect(bandText({ min: 8, max: 14 })).toBe('8 to 14');
    expect(bandText({ min: 0, max: 0 })).toBe('= 0');
    expect(bandText({ min: 400 })).toBe('>= 400');
    expect(bandText({ max: 75, maxExclusive: true })).toBe('< 75');
    expect(bandText(undefined)).toBe('-');
  });
});

describe('paper-vs-sim table', () => {
  const rows: ComparisonRow[] = [
    { id: 'a', source: 'S', ref: 'Fig. 1', quantity: 'q, with comma', unit: '%', paper: '11', band: '8 to 14', bandNote: 'n', ours: 11.5, verdict: 'inside', note: '' },
    { id: 'b', source: 'S', ref: 'Fig. 2', quantity: 'q|pipe', unit: 's', paper: '9', band: '-', bandNote: 'n', ours: null, verdict: 'not available', note: 'model x missing' },
  ];
  it('CSV round-trips', () => {
    const back = parseCsv(comparisonCsv(rows));
    expect(back.map((r) => [r.id, r.quantity, r.ours, r.verdict])).toEqual([
      ['a', 'q, with comma', 11.5, 'inside'],
      ['b', 'q|pipe', null, 'not available'],
    ]);
  });
  it('Markdown has a counted summary and escapes pipes', () => {
    const md = comparisonMarkdown(rows);
    expect(md).toContain('2 values: 1 inside their band, 0 outside');
    expect(md).toContain('q\\|pipe');
    expect(md.split('\n').filter((l) => l.startsWith('| a |') || l.startsWith('| b |'))).toHaveLength(2);
  });
});
