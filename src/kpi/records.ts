// The records KPIs are computed from: the lifecycle event log and the ledger blocks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { refuseOlderLedgerFormat } from '../ledger/serialize.js';
import { readLinesBounded } from '../util/bounded-read.js';
import { InputError, describeValue } from '../util/errors.js';

/** One events.jsonl line. Quantities are integer kWh. */
export interface Ev {
  seq: number;
  block: number;
  t: number;
  type: string;
  signer?: string;
  tradeId?: string;
  service?: string;
  slot?: number;
  provider?: string;
  consumer?: string;
  quantity?: number;
  price?: number;
  [k: string]: unknown;
}

export interface RunRecords {
  events: Ev[];
  /** ledger.jsonl lines (text, as exported), or null when the run has no ledger. */
  ledgerLines: string[] | null;
}

export function parseJsonl(text: string, file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    out.push(parseRecordLine(l, file, i + 1));
  }
  return out;
}

function parseRecordLine(l: string, file: string, lineNo: number): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(l);
  } catch {
    throw new InputError(file, `line ${lineNo}`, 'a JSON object', 'text that is not JSON');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(file, `line ${lineNo}`, 'a JSON object', describeValue(v));
  return v as Record<string, unknown>;
}

/** Reads a JSONL file line by line (bounded: a regular file under the record size limit). */
export function readJsonlFile(file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const { line, lineNo } of readLinesBounded(file, file, 'JSONL file')) if (line.trim() !== '') out.push(parseRecordLine(line, file, lineNo));
  return out;
}

/** Reads events.jsonl and ledger.jsonl from a run directory. */
export function readRunRecords(dir: string): RunRecords {
  const evFile = join(dir, 'events.jsonl');
  if (!existsSync(evFile)) throw new InputError(dir, '', 'a run directory with events.jsonl', 'no events.jsonl');
  const events = readJsonlFile(evFile) as Ev[];
  const ledFile = join(dir, 'ledger.jsonl');
  let ledgerLines: string[] | null = null;
  if (existsSync(ledFile)) {
    ledgerLines = [];
    for (const { line, lineNo } of readLinesBounded(ledFile, ledFile, 'ledger file')) {
      if (lineNo === 1) refuseOlderLedgerFormat(ledFile, line);
      if (line.length > 0) ledgerLines.push(line);
    }
  }
  return { events, ledgerLines };
}

export function kwh(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : 0;
}

export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

export function inc(o: Record<string, number>, k: string, v = 1): void {
  o[k] = (o[k] ?? 0) + v;
}
