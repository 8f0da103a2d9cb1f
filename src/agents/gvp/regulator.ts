// Regulator/registry agent: publishes rule changes and identity (KYC) changes to the contract host
// at their effective times. The contract applies them (compliance hooks, identity registry).
import type { RuleChange } from '../../contracts/types.js';
import { Agent } from '../../sim/agent.js';
import type { GvpMsg, GvpTimer } from './messages.js';

export interface RegulatorConfig {
  market: number;
  ruleChanges: RuleChange[];
  identityChanges: { t: number; vp: string; action: 'revoke' | 'renew' }[];
}

export class RegulatorAgent extends Agent<GvpMsg, GvpTimer> {
  constructor(private readonly c: RegulatorConfig) {
    super('regulator');
  }

  override onStart(): void {
    this.c.ruleChanges.forEach((ch, i) => this.setTimer(ch.t, { kind: 'change', index: i }, -1));
    this.c.identityChanges.forEach((ch, i) => this.setTimer(ch.t, { kind: 'change', index: this.c.ruleChanges.length + i }, -1));
  }

  override onTimer(tag: GvpTimer): void {
    if (tag.kind !== 'change') return;
    const n = this.c.ruleChanges.length;
    if (tag.index < n) this.send(this.c.market, { type: 'ruleChange', change: this.c.ruleChanges[tag.index] } satisfies GvpMsg, 0, -1);
    else {
      const ch = this.c.identityChanges[tag.index - n];
      this.send(this.c.market, { type: 'identityChange', vp: ch.vp, action: ch.action } satisfies GvpMsg, 0, -1);
    }
  }
}
