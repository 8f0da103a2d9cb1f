// Writes one run's directory: summary.json, CSVs, events.jsonl, ledger.jsonl, figures/ (the CSV and
// JSONL files are streamed to disk, see csv.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOutput } from '../scenarios/model.js';
import type { Summary } from './summary.js';
import { writeDirAtomic } from './atomic.js';
import { writeCsvFile, writeJsonlFile } from './csv.js';

export async function writeRunOutput(dir: string, summary: Summary, out: RunOutput, trace?: readonly unknown[]): Promise<void> {
  await writeDirAtomic(dir, (tmp) => {
    writeFileSync(join(tmp, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    for (const [name, rows] of Object.entries(out.tables)) {
      if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`invalid table name '${name}'`);
      writeCsvFile(join(tmp, `${name}.csv`), rows);
    }
    writeJsonlFile(join(tmp, 'events.jsonl'), out.events ?? []);
    if (out.ledger) writeJsonlFile(join(tmp, 'ledger.jsonl'), out.ledger);
    if (trace) writeJsonlFile(join(tmp, 'trace.jsonl'), trace);
    const figs = Object.entries(out.figures ?? {});
    if (figs.length > 0) {
      mkdirSync(join(tmp, 'figures'));
      for (const [name, spec] of figs) writeFileSync(join(tmp, 'figures', `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    }
  });
}
