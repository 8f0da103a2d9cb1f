#!/usr/bin/env node
// Runs every shipped scenario into a scratch folder and prints one sha256 per output file, so a
// refactor or an optimization can show "no behaviour change": run it before and after, then diff.
// summary.json is hashed without its `timings` block (the only wall-clock numbers), and the two
// documented wall-clock exceptions (Greek metrics.decisionLatencyMs, scale.csv timing columns)
// are blanked. Usage: node scripts/output-digests.mjs [SCENARIO...] > digests.txt
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// every runnable scenario file of the case folders (sweep definitions are run by `vpsim sweep`)
const caseFolders = ['demo', 'greek', 'gvp', 'ledger', 'community'];
const shipped = caseFolders.flatMap((d) =>
  readdirSync(join(root, 'scenarios', d)).filter((f) => f.endsWith('.yaml') && f !== 'base.yaml').sort().map((f) => `scenarios/${d}/${f}`)
);
const scenarios = process.argv.length > 2 ? process.argv.slice(2) : shipped;
const scratch = mkdtempSync(join(tmpdir(), 'vpsim-digests-'));

function files(dir) {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function normalized(path) {
  const text = readFileSync(path);
  if (path.endsWith('summary.json')) {
    const s = JSON.parse(text.toString());
    delete s.timings;
    if (s.metrics && 'decisionLatencyMs' in s.metrics) s.metrics.decisionLatencyMs = null;
    delete s.provenance;
    return JSON.stringify(s);
  }
  if (path.endsWith('scale.csv')) {
    const [head, ...rows] = text.toString().split('\n');
    const cols = head.split(',');
    const keep = cols.map((c) => !/(wall|cpu|rss|_ms|_mb|memory|lp_time)/i.test(c));
    return [head, ...rows.map((r) => r.split(',').filter((_, i) => keep[i]).join(','))].join('\n');
  }
  return text;
}

try {
  for (const sc of scenarios) {
    const out = join(scratch, sc.replace(/[\/.]/g, '_'));
    // the committed public test keystore: signatures (and so ledger.jsonl) are the same on every machine
    const env = { ...process.env, VPSIM_KEYS: join(root, 'test/fixtures/test-keystore.json') };
    execFileSync('node', [join(root, 'bin/vpsim.js'), 'run', sc, '--out', out, '--quiet'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    for (const f of files(out)) {
      const rel = relative(out, f);
      if (rel === 'run.json' || rel === 'scenario.resolved.yaml' || rel === '.vpsim-output') continue;
      const h = createHash('sha256').update(normalized(f)).digest('hex');
      process.stdout.write(`${h}  ${sc} ${rel}\n`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
