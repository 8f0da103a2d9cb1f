// One private temporary folder per test run: test/use-tmp.ts points every worker's TMPDIR (and so
// every CLI child a test starts) at it, and the run removes it at the end, so tests leave nothing
// in /tmp. Only this folder, which this setup created, is ever removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    testTmpDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'vpsim-tests-'));
  project.provide('testTmpDir', dir);
  return () => {
    if (!process.env.VPSIM_KEEP_TEST_TMP) rmSync(dir, { recursive: true, force: true });
  };
}
