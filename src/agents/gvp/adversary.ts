// Adversary agent (security scenarios): injects attacks on the contract layer at documented rates
// per slot (Poisson means): registrations with a forged signature (claiming a real provider, signed
// with the adversary's key), registrations from an unregistered identity, replays of registrations
// it observed on the public channel, and oracle batches signed by a key that is not a registered
// oracle. The contract must reject each with its failure event.
import type { KeyObject } from 'node:crypto';
import { canonicalBatch } from '../../contracts/oracle.js';
import { signBundle, signText } from '../../contracts/identity.js';
import { SERVICES, type RegistrationBundle } from '../../contracts/types.js';
import { Agent } from '../../sim/agent.js';
import type { GvpParams } from '../../gvp/params.js';
import type { GvpMsg, GvpTimer } from './messages.js';

export interface AdversaryConfig {
  g: GvpParams;
  t0: number;
  key: KeyObject;
  market: number;
  vpIds: string[];
}

export class GvpAdversaryAgent extends Agent<GvpMsg, GvpTimer> {
  private observed: RegistrationBundle[] = [];
  private nonce = 1_000_000_000;

  constructor(private readonly c: AdversaryConfig) {
    super('adversary');
  }

  override onStart(): void {
    const g = this.c.g;
    this.subscribe('public');
    for (let s = 0; s < g.horizon.slots; s++) {
      const start = this.c.t0 + s * g.horizon.slot_s;
      // inside the registration window of slot s, after the market's proposals
      this.setTimer(start - g.market.gate_s - 60, { kind: 'attack', slot: s });
    }
  }

  override onMessage(msg: GvpMsg): void {
    if (msg.type === 'publicRegistration') {
      this.observed.push(msg.bundle);
      if (this.observed.length > 1000) this.observed = this.observed.slice(-500);
    }
  }

  /** A one-request bundle claiming `signer`, signed with the adversary's own key. */
  private fake(slot: number, signer: string): RegistrationBundle {
    const ids = this.c.vpIds;
    let consumer = ids[this.rng.int(ids.length)];
    if (consumer === signer) consumer = ids[(ids.indexOf(consumer) + 1) % ids.length];
    const req = { service: SERVICES[this.rng.int(3)], slot, provider: signer, consumer, quantity: 1 + this.rng.int(1000), price: 0.1, cost: 0.05, fee: 0 };
    return signBundle({ signer, nonce: this.nonce++, t: this.now, requests: [req] }, this.c.key);
  }

  override onTimer(tag: GvpTimer): void {
    if (tag.kind !== 'attack') return;
    const sec = this.c.g.security;
    const ids = this.c.vpIds;
    const bundles: RegistrationBundle[] = [];
    for (let k = this.rng.poisson(sec.forgedPerSlot); k > 0; k--) bundles.push(this.fake(tag.slot, ids[this.rng.int(ids.length)]));
    for (let k = this.rng.poisson(sec.unregisteredPerSlot); k > 0; k--) bundles.push(this.fake(tag.slot, 'rogue-vp'));
    const current = this.observed.filter((b) => b.requests.some((r) => r.slot === tag.slot));
    for (let k = this.rng.poisson(sec.replayPerSlot); k > 0 && current.length > 0; k--) bundles.push({ ...current[this.rng.int(current.length)] });
    for (const bundle of bundles) this.send(this.c.market, { type: 'register', bundle } satisfies GvpMsg, 0.5);
    for (let k = this.rng.poisson(sec.rogueOraclePerSlot); k > 0; k--) {
      const batch = { oracle: this.rng.bernoulli(0.5) ? 'oracle:rogue' : 'oracle:0', slot: Math.max(0, tag.slot - 1), readings: [] };
      this.send(this.c.market, { type: 'oracleBatch', batch: { ...batch, signature: signText(this.c.key, canonicalBatch(batch)) } } satisfies GvpMsg, 1);
    }
  }
}
