// Shared types of the ledger experiments.
import type { Row } from '../../sim/recorder.js';

export interface LedgerRunCtx {
  seed: number;
  file: string;
  log(message: string): void;
}

export interface ExperimentResult {
  tables: Record<string, Row[]>;
  metrics: Record<string, unknown>;
  ledger?: Record<string, unknown>[];
}
