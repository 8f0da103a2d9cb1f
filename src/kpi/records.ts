// The records KPIs are computed from: the lifecycle event log and the ledger blocks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';

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
    try {
      out.push(JSON.parse(l));
    } catch {
      throw new InputError(file, `line ${i + 1}`, 'a JSON object', 'text that is not JSON');
    }
  }
  return out;
}

/** Reads events.jsonl and ledger.jsonl from a run directory. */
export function readRunRecords(dir: string): RunRecords {
  const evFile = join(dir, 'events.jsonl');
  if (!existsSync(evFile)) throw new InputError(dir, '', 'a run directory with events.jsonl', 'no events.jsonl');
  const events = parseJsonl(readFileSync(evFile, 'utf8'), evFile) as Ev[];
  const ledFile = join(dir, 'ledger.jsonl');
  let ledgerLines: string[] | null = null;
  if (existsSync(ledFile)) ledgerLines = readFileSync(ledFile, 'utf8').split('\n').filter((l) => l.length > 0);
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
