// Runs in every test worker: temp dirs go under the run's private folder (see test/global-tmp.ts).
import { inject } from 'vitest';

process.env.TMPDIR = inject('testTmpDir');
