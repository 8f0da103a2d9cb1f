// Writes one run's directory: summary.json, CSVs, events.jsonl, ledger.jsonl, figures/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOutput } from '../scenarios/model.js';
import type { Summary } from './summary.js';
import { writeDirAtomic } from './atomic.js';
import { toCsv, toJsonl } from './csv.js';

export async function writeRunOutput(dir: string, summary: Summary, out: RunOutput, trace?: readonly unknown[]): Promise<void> {
  await writeDirAtomic(dir, (tmp) => {
    writeFileSync(join(tmp, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    for (const [name, rows] of Object.entries(out.tables)) {
      if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`invalid table name '${name}'`);
      writeFileSync(join(tmp, `${name}.csv`), toCsv(rows));
    }
    writeFileSync(join(tmp, 'events.jsonl'), toJsonl(out.events ?? []));
    if (out.ledger) writeFileSync(join(tmp, 'ledger.jsonl'), toJsonl(out.ledger));
    if (trace) writeFileSync(join(tmp, 'trace.jsonl'), toJsonl(trace));
    const figs = Object.entries(out.figures ?? {});
    if (figs.length > 0) {
      mkdirSync(join(tmp, 'figures'));
      for (const [name, spec] of figs) writeFileSync(join(tmp, 'figures', `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    }
  });
}
