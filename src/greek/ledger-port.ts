// How Greek agents put transactions on the ledger, independent of the ledger's agent wiring.
// A port turns (sender, type, payload) into a ledger transaction and hands it to the B/A layer;
// `NO_LEDGER` drops it (the "without blockchain" configuration).
import type { Agent } from '../sim/agent.js';

export interface LedgerPort {
  readonly enabled: boolean;
  submit(from: Agent, type: string, payload: Record<string, unknown>, complexity?: number): void;
}

export const NO_LEDGER: LedgerPort = { enabled: false, submit() {} };
