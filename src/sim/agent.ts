// An agent: a stable id, a private RNG stream, and three hooks (start, message, timer).
// Agents are thin adapters: they translate messages into calls on pure domain code.
import type { Recorder } from './recorder.js';
import type { Rng } from './rng.js';

/** An agent is addressed by its index (fast) or its stable string id. */
export type AgentRef = number | string;

/** What an agent sees of the simulation that hosts it (Simulation implements it). */
export interface AgentHost {
  readonly now: number;
  readonly recorder: Recorder;
  ref(ref: AgentRef): number;
  send(from: number, to: AgentRef, msg: unknown, delay?: number, priority?: number): void;
  publish(from: number, topic: string, msg: unknown, delay?: number, priority?: number): void;
  subscribe(topic: string, index: number): void;
  schedule(index: number, delay: number, tag: unknown, priority?: number): void;
}

export abstract class Agent<M = unknown, T = unknown> {
  /** Index in the simulation; set when added. */
  index = -1;
  sim!: AgentHost;
  rng!: Rng;

  constructor(readonly id: string) {}

  /** Called once when the run starts, in the order agents were added. */
  onStart(): void {}
  /** A message delivered by the bus. `from` is the sender's index (-1 for the environment). */
  onMessage(_msg: M, _from: number): void {}
  /** A timer set with setTimer fired. */
  onTimer(_tag: T): void {}
  /** Called once after the run ends. */
  onStop(): void {}

  get now(): number {
    return this.sim.now;
  }
  /** Sends `msg` to an agent, delivered after `delay` seconds. */
  send(to: AgentRef, msg: unknown, delay = 0, priority = 0): void {
    this.sim.send(this.index, to, msg, delay, priority);
  }
  /** Sends `msg` to every subscriber of `topic`. */
  publish(topic: string, msg: unknown, delay = 0, priority = 0): void {
    this.sim.publish(this.index, topic, msg, delay, priority);
  }
  subscribe(topic: string): void {
    this.sim.subscribe(topic, this.index);
  }
  /** Fires onTimer(tag) after `delay` seconds. */
  setTimer(delay: number, tag: T, priority = 0): void {
    this.sim.schedule(this.index, delay, tag, priority);
  }
}
