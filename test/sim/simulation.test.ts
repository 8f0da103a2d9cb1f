import { describe, expect, it } from 'vitest';
import { Agent, Simulation } from '../../src/sim/index.js';

class Logger extends Agent<string, string> {
  log: string[] = [];
  override onMessage(m: string, from: number): void {
    this.log.push(`${this.now}:msg:${m}:from${from}`);
  }
  override onTimer(tag: string): void {
    this.log.push(`${this.now}:timer:${tag}`);
  }
}

describe('Simulation', () => {
  it('runs equal-time events in (priority, sequence) order', () => {
    const sim = new Simulation({ seed: 1 });
    const a = sim.add(new Logger('a'));
    sim.schedule(a.index, 5, 'p0-first', 0);
    sim.schedule(a.index, 5, 'p-1', -1);
    sim.schedule(a.index, 5, 'p0-second', 0);
    sim.schedule(a.index, 5, 'p2', 2);
    sim.schedule(a.index, 4, 'early', 9);
    sim.run();
    expect(a.log).toEqual(['4:timer:early', '5:timer:p-1', '5:timer:p0-first', '5:timer:p0-second', '5:timer:p2']);
  });

  it('delivers messages after their delay, with the sender index, and to topic subscribers', () => {
    const sim = new Simulation({ seed: 1 });
    const a = sim.add(new Logger('a'));
    const b = sim.add(new Logger('b'));
    const c = sim.add(new Logger('c'));
    b.subscribe('prices');
    c.subscribe('prices');
    a.send('b', 'hello', 2.5);
    a.publish('prices', 'p', 1);
    sim.run();
    expect(b.log).toEqual(['1:msg:p:from0', '2.5:msg:hello:from0']);
    expect(c.log).toEqual(['1:msg:p:from0']);
    expect(sim.now).toBe(2.5);
  });

  it('stops at `until` and resumes where it left off', () => {
    const sim = new Simulation({ seed: 1 });
    const a = sim.add(new Logger('a'));
    for (const t of [1, 2, 3, 4]) sim.schedule(a.index, t, `t${t}`);
    sim.run(2.5);
    expect(a.log).toEqual(['1:timer:t1', '2:timer:t2']);
    expect(sim.now).toBe(2.5);
    sim.run();
    expect(a.log.length).toBe(4);
  });

  it('refuses duplicate ids, unknown targets and negative delays', () => {
    const sim = new Simulation({ seed: 1 });
    const a = sim.add(new Logger('a'));
    expect(() => sim.add(new Logger('a'))).toThrow(/duplicate agent id/);
    expect(() => a.send('nobody', 'x')).toThrow(/no agent with id 'nobody'/);
    expect(() => a.send('a', 'x', -1)).toThrow(/delay/);
  });

  it('records a message trace when asked', () => {
    const sim = new Simulation({ seed: 1, trace: true });
    const a = sim.add(new Logger('a'));
    sim.add(new Logger('b'));
    a.send('b', 'x', 1);
    sim.run();
    expect(sim.trace).toEqual([{ t: 1, kind: 'message', from: 'a', to: 'b', data: 'x' }]);
  });
});
