// The simulation environment: clock, event queue, message bus, agents, recorder.
// It knows nothing about energy.
import type { Agent, AgentHost, AgentRef } from './agent.js';
import { EventQueue } from './queue.js';
import { Recorder } from './recorder.js';
import { createRng } from './rng.js';

const KIND_MESSAGE = 0;
const KIND_TIMER = 1;
const ENV = -1;

export interface TraceEntry {
  t: number;
  kind: 'message' | 'timer';
  from: string | null;
  to: string;
  data: unknown;
}

export interface SimulationOptions {
  seed: number | string;
  /** Keep a trace of every delivered message and timer (debugging; slow). */
  trace?: boolean;
}

// Cold path kept out of send/schedule, so that they stay small enough for V8 to inline.
function badDelay(what: string, delay: number): never {
  throw new RangeError(`${what} delay must be >= 0, got ${delay}`);
}

export class Simulation implements AgentHost {
  now = 0;
  readonly seed: number | string;
  readonly recorder = new Recorder();
  readonly trace: TraceEntry[] | null;
  /** Delivered events so far. */
  eventsProcessed = 0;
  private readonly queue = new EventQueue();
  private readonly agents: Agent[] = [];
  private readonly byId = new Map<string, number>();
  private readonly topics = new Map<string, number[]>();
  private started = false;
  private stopped = false;

  constructor(opts: SimulationOptions) {
    this.seed = opts.seed;
    this.trace = opts.trace ? [] : null;
  }

  add<A extends Agent<any, any>>(agent: A): A {
    if (this.byId.has(agent.id)) throw new Error(`duplicate agent id '${agent.id}'`);
    agent.index = this.agents.length;
    agent.sim = this;
    agent.rng = createRng(this.seed, agent.id);
    this.agents.push(agent as Agent);
    this.byId.set(agent.id, agent.index);
    return agent;
  }

  agent<A extends Agent<any, any> = Agent>(ref: AgentRef): A {
    return this.agents[this.ref(ref)] as A;
  }

  get agentCount(): number {
    return this.agents.length;
  }

  /** Resolves an id to an index (resolve once and keep the number on hot paths). */
  ref(ref: AgentRef): number {
    if (typeof ref === 'number') {
      if (ref < 0 || ref >= this.agents.length) throw new Error(`no agent with index ${ref}`);
      return ref;
    }
    const i = this.byId.get(ref);
    if (i === undefined) throw new Error(`no agent with id '${ref}'`);
    return i;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  send(from: number, to: AgentRef, msg: unknown, delay = 0, priority = 0): void {
    const target = typeof to === 'number' ? to : this.ref(to);
    if (!(delay >= 0)) badDelay('message', delay);
    this.queue.push(this.now + delay, priority, target, from, KIND_MESSAGE, msg);
  }

  publish(from: number, topic: string, msg: unknown, delay = 0, priority = 0): void {
    const subs = this.topics.get(topic);
    if (!subs) return;
    for (let i = 0; i < subs.length; i++) this.send(from, subs[i], msg, delay, priority);
  }

  subscribe(topic: string, agentIndex: number): void {
    let subs = this.topics.get(topic);
    if (!subs) this.topics.set(topic, (subs = []));
    if (!subs.includes(agentIndex)) subs.push(agentIndex);
  }

  /** Schedules onTimer(tag) on an agent. */
  schedule(agentIndex: number, delay: number, tag: unknown, priority = 0): void {
    if (!(delay >= 0)) badDelay('timer', delay);
    this.queue.push(this.now + delay, priority, agentIndex, ENV, KIND_TIMER, tag);
  }

  /** Stops the run after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs until the queue is empty, `until` (seconds) is reached, or stop() is called. */
  run(until = Infinity): void {
    if (!this.started) {
      this.started = true;
      for (const a of this.agents) a.onStart();
    }
    const q = this.queue;
    const agents = this.agents;
    const trace = this.trace;
    let processed = 0;
    this.stopped = false;
    while (q.size > 0 && !this.stopped) {
      const t = q.peekTime();
      if (t > until) break;
      const s = q.pop();
      this.now = t;
      const target = q.target[s];
      const from = q.from[s];
      const kind = q.kind[s];
      const data = q.data[s];
      q.release(s);
      processed++;
      const a = agents[target];
      if (trace) {
        trace.push({ t, kind: kind === KIND_MESSAGE ? 'message' : 'timer', from: from >= 0 ? agents[from].id : null, to: a.id, data });
      }
      if (kind === KIND_MESSAGE) a.onMessage(data, from);
      else a.onTimer(data);
    }
    this.eventsProcessed += processed;
    if (until !== Infinity && !this.stopped && this.now < until) this.now = until;
  }

  /** Calls onStop on every agent; call once after the last run(). */
  finish(): void {
    for (const a of this.agents) a.onStop();
  }
}
