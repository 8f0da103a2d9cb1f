// Runs one scenario end to end: load, run the model, write the output directory (with its
// anchor, scenario.resolved.yaml and run.json) under the output policy of src/output/out-dir.ts.
import { performance } from 'node:perf_hooks';
import { join, resolve, sep } from 'node:path';
import YAML from 'yaml';
import { VERSION } from '../version.js';
import { buildSummary, type Summary } from '../output/summary.js';
import { checkOutputDir, inspectDir, probeWritable } from '../output/out-dir.js';
import { provenance } from '../output/provenance.js';
import type { LoadOptions } from '../scenarios/load.js';
import { anchorKey, keystoreFingerprint, keystorePath, signWithAnchorKey, useKeystore } from '../ledger/keystore.js';
import { InputError } from '../util/errors.js';
import { loadScenario } from './registry.js';
import { createRunProgress } from './run-progress.js';
import type { RunOutput } from '../scenarios/model.js';

export interface RunOptions extends LoadOptions {
  out?: string;
  quiet?: boolean;
  trace?: boolean;
  /** Skip writing files (for tests and sweeps that only need the summary). */
  noWrite?: boolean;
  /** Write into an output directory that is not an earlier vpsim run output (keeps files vpsim did not write). */
  force?: boolean;
  /** Keystore file (default: VPSIM_KEYS or the default location, src/ledger/keystore.ts). */
  keys?: string;
}

export interface RunResult {
  dir: string;
  summary: Summary;
  output: RunOutput;
  /** The resolved scenario (after extends, --set and defaults). */
  scenario: Record<string, unknown>;
  /** Why the default output directory was not out/<name> (a different scenario lives there). */
  note?: string;
}

export async function runScenarioFile(file: string, opts: RunOptions = {}): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const loaded = await loadScenario(file, opts);
  const { scenario } = loaded;
  if (opts.trace && !loaded.model.traces) {
    throw new InputError('--trace', '', 'a model that records a message trace (mm1, greek, community)', `model ${loaded.model.name}, whose runs do not go through the message kernel (nothing to trace)`);
  }
  const ksPath = keystorePath(opts.keys);
  let dir = opts.out;
  let note: string | undefined;
  if (!opts.noWrite) {
    if (dir === undefined) {
      dir = join('out', scenario.name);
      const st = inspectDir(dir, 'run');
      if (st.state === 'ours' && st.marker.scenarioHash && st.marker.scenarioHash !== loaded.hash) {
        note = `${dir} holds a run of a different resolved scenario; this run goes to ${dir}-${loaded.hash.slice(0, 8)}`;
        dir = `${dir}-${loaded.hash.slice(0, 8)}`;
      }
    }
    const absDir = resolve(dir);
    if (ksPath === absDir || ksPath.startsWith(absDir + sep)) {
      throw new InputError(ksPath, '', 'a keystore outside the output directory (it is secret and never part of a run)', `a keystore inside ${dir}`);
    }
    // refuse a foreign or unwritable directory before simulating, not after
    checkOutputDir(dir, 'run', { force: opts.force });
    probeWritable(dir);
  }
  useKeystore(ksPath);
  const bar = await createRunProgress(scenario.name, { quiet: opts.quiet });
  const t1 = performance.now();
  let output: RunOutput;
  try {
    output = await loaded.model.run(scenario, { seed: scenario.seed, scenarioFile: file, log: bar.log, progress: bar.progress, trace: opts.trace });
  } catch (err) {
    // a scenario problem found while building the world (a base case that does not converge): name the file
    if (err instanceof InputError && err.file === '') throw new InputError(file, err.path, err.expected, err.found);
    throw err;
  } finally {
    bar.stop();
  }
  const t2 = performance.now();
  const overrides = [...(opts.set ?? []).map((s) => `--set ${s}`), ...(opts.seed !== undefined ? [`--seed ${opts.seed}`] : [])];
  let summary = buildSummary(
    { scenario: scenario.name, scenarioHash: loaded.hash, seed: scenario.seed, version: VERSION, overrides },
    output,
    { loadMs: round(t1 - t0), runMs: round(t2 - t1) }
  );
  const outDir = dir ?? join('out', scenario.name);
  if (!opts.noWrite) {
    // loaded only when writing: sweep workers (noWrite) skip the CSV machinery
    const { writeRunOutput } = await import('../output/run-output.js');
    const { anchorOf } = await import('../output/anchor-files.js');
    const resolvedYaml =
      `# ${scenario.name}: the resolved scenario of this run (after extends, --set and defaults)\n` +
      `# scenarioHash ${loaded.hash}${overrides.length ? `\n# overrides: ${overrides.join(' ')}` : ''}\n` +
      YAML.stringify(scenario, { lineWidth: 0, aliasDuplicateObjects: false });
    summary = await writeRunOutput(outDir, summary, output, output.trace, {
      resolvedYaml,
      force: opts.force,
      warn: (m) => process.stderr.write(`vpsim: ${m}\n`),
      seal: (tmp, scans) => ({ anchor: anchorOf(tmp, anchorKey().publicKeyHex, signWithAnchorKey, scans) }),
      runJson: () =>
        ({
          ...provenance({
            vpsimVersion: VERSION,
            scenarioFile: file,
            scenarioHash: loaded.hash,
            seed: scenario.seed,
            overrides,
            keystoreFingerprint: keystoreFingerprint(),
            startedAt,
            endedAt: new Date().toISOString(),
          }),
        }) as unknown as Record<string, unknown>,
    });
  }
  return { dir: outDir, summary, output, scenario, note };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
