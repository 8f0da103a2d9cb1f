export { Agent, type AgentRef } from './agent.js';
export { Simulation, type SimulationOptions, type TraceEntry } from './simulation.js';
export { Recorder, type Row, type Cell } from './recorder.js';
export { createRng, normalCdf, normalQuantile, type Rng } from './rng.js';
export { EventQueue } from './queue.js';
