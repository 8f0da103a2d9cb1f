// Prints the one-line test summary `N passed, N failed` from vitest's JSON report, adding the
// checks of check files given with --checks FILE (one `PASS name` or `FAIL name: reason` a line,
// as scripts/slurm-e2e.sh --report writes). Exits 1 if anything failed or the report is missing.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const checkFiles = [];
let file = '.vitest-report.json';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--checks') checkFiles.push(args[++i]);
  else file = args[i];
}

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} catch {
  failed += 1;
  problems.push(`no test report at ${file}`);
}
for (const f of checkFiles) {
  let lines;
  try {
    lines = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } catch {
    failed += 1;
    problems.push(`no check file at ${f}`);
    continue;
  }
  for (const l of lines) {
    if (l.startsWith('PASS ')) passed++;
    else {
      failed++;
      if (!l.startsWith('FAIL ')) problems.push(`${f}: not a PASS/FAIL line: ${l}`);
    }
  }
}
for (const p of problems) console.error(p);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
