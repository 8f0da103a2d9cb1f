// Writes one run's directory: summary.json, CSVs, events.jsonl, ledger.jsonl, figures/ (the CSV and
// JSONL files are streamed to disk, see csv.ts), plus the
// provenance files scenario.resolved.yaml and run.json, under the output policy of out-dir.ts
// (marker file, never deleting what vpsim did not write).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOutput } from '../scenarios/model.js';
import type { Summary } from './summary.js';
import { writeOutputDir } from './out-dir.js';
import { writeCsvFile, writeJsonlFile, type JsonlScan } from './csv.js';

export interface RunFiles {
  /** scenario.resolved.yaml text. */
  resolvedYaml?: string;
  /** run.json object (wall-clock provenance; not part of determinism checks). */
  runJson?: () => Record<string, unknown>;
  /**
   * Called after the records are written and before summary.json: fields added to the summary (the
   * anchor). `scans` holds what the JSONL writers wrote (digest, lines) by file name, so the anchor
   * need not read them back.
   */
  seal?: (tmpDir: string, scans: ReadonlyMap<string, JsonlScan>) => Partial<Summary>;
  force?: boolean;
  warn?: (m: string) => void;
}

export async function writeRunOutput(dir: string, summary: Summary, out: RunOutput, trace?: readonly unknown[], files: RunFiles = {}): Promise<Summary> {
  let final = summary;
  await writeOutputDir(
    dir,
    'run',
    (tmp) => {
      for (const [name, rows] of Object.entries(out.tables)) {
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`invalid table name '${name}'`);
        writeCsvFile(join(tmp, `${name}.csv`), rows);
      }
      const scans = new Map<string, JsonlScan>();
      scans.set('events.jsonl', writeJsonlFile(join(tmp, 'events.jsonl'), out.events ?? []));
      if (out.ledger) scans.set('ledger.jsonl', writeJsonlFile(join(tmp, 'ledger.jsonl'), out.ledger));
      if (trace) writeJsonlFile(join(tmp, 'trace.jsonl'), trace);
      const figs = Object.entries(out.figures ?? {});
      if (figs.length > 0) {
        mkdirSync(join(tmp, 'figures'));
        for (const [name, spec] of figs) writeFileSync(join(tmp, 'figures', `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
      }
      if (files.resolvedYaml !== undefined) writeFileSync(join(tmp, 'scenario.resolved.yaml'), files.resolvedYaml);
      if (files.seal) final = { ...summary, ...files.seal(tmp, scans), timings: summary.timings };
      writeFileSync(join(tmp, 'summary.json'), JSON.stringify(orderSummary(final), null, 2) + '\n');
      if (files.runJson) writeFileSync(join(tmp, 'run.json'), JSON.stringify(files.runJson(), null, 2) + '\n');
    },
    { force: files.force, scenarioHash: summary.scenarioHash, warn: files.warn }
  );
  return final;
}

/** summary.json keys in a fixed order, timings last. */
function orderSummary(s: Summary): Summary {
  const { timings, ...rest } = s;
  return { ...rest, timings };
}
