// A fixed pool of worker threads reused across runs. Each lane keeps one worker busy; a worker that
// dies mid-run (out of memory, a native crash) or times out is replaced and its run is reported
// through onCrash.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface PoolOptions<T, R> {
  size: number;
  /** Worker script; it answers every message with exactly one message, in the order received. */
  script: URL;
  onCrash: (task: T, err: Error) => R;
  /** A run taking longer is stopped (its worker replaced) and reported through onCrash. */
  timeoutMs?: number;
  /** Workers started earlier (see startWorkers), used before new ones are created. */
  started?: Worker[];
  /** Runs queued at a worker at a time (default 4). */
  window?: number;
  /**
   * Runs a task in this thread. When given, one more lane takes tasks here beside the `size` worker
   * lanes (between two runs it lets the workers' replies in), so the main thread works instead of
   * waiting and a sweep of N at a time starts N - 1 workers. No crash isolation and no timeout for
   * the runs it takes.
   */
  inline?: (task: T) => Promise<R>;
}

/**
 * Starts `size` workers now, so their start-up (isolate, module imports) overlaps with the caller
 * planning the sweep instead of delaying the first runs.
 */
export function startWorkers(size: number, script: URL): Worker[] {
  const path = fileURLToPath(script);
  if (!existsSync(path)) throw new Error(`worker script ${path} not found (run \`npm run build\`)`);
  return Array.from({ length: size }, () => new Worker(script));
}

/**
 * Runs `tasks` in order on `size` workers, calling onResult as each finishes. Each worker has up
 * to `window` runs queued (default 4), so it starts its next run as soon as one ends instead of
 * waiting for the main thread to record the result and send another; short runs (tens of ms) are
 * then not held up by the main thread's writes or by message round trips. Results still arrive
 * one a run, in the order a worker took its runs. When a worker dies or a run times out, the
 * oldest unanswered run is the one reported through onCrash; the worker's other queued runs go to
 * its replacement.
 */
export async function runOnPool<T, R>(tasks: readonly T[], opts: PoolOptions<T, R>, onResult: (task: T, result: R) => void): Promise<void> {
  const path = fileURLToPath(opts.script);
  if (!existsSync(path)) throw new Error(`worker script ${path} not found (run \`npm run build\`)`);
  const window = Math.max(1, opts.window ?? 4);
  let next = 0;
  let stopped = false;
  const take = (): T | undefined => (!stopped && next < tasks.length ? tasks[next++] : undefined);
  const spare = [...(opts.started ?? [])];
  const lane = async () => {
    const queued: T[] = [];
    const first = take();
    if (first === undefined) return;
    queued.push(first);
    let w = spare.pop() ?? new Worker(opts.script);
    let feed = new Feed<R>(w, opts.timeoutMs);
    feed.send(first);
    const topUp = () => {
      while (queued.length < window) {
        const t = take();
        if (t === undefined) break;
        queued.push(t);
        feed.send(t);
      }
    };
    topUp();
    try {
      while (queued.length > 0) {
        let result: R;
        try {
          result = await feed.next();
        } catch (err) {
          const task = queued.shift()!;
          result = opts.onCrash(task, err as Error);
          feed.close();
          void w.terminate();
          // the replacement gets the runs that were queued behind the failed one
          w = new Worker(opts.script);
          feed = new Feed<R>(w, opts.timeoutMs);
          for (const t of queued) feed.send(t);
          topUp();
          record(task, result);
          continue;
        }
        const done = queued.shift()!;
        // Queue the worker's next run before recording this one, so it never waits on our disk writes.
        topUp();
        record(done, result);
      }
    } finally {
      feed.close();
      await w.terminate();
    }
  };
  const record = (task: T, result: R) => {
    try {
      onResult(task, result);
    } catch (err) {
      stopped = true; // stop the other lanes too; their queued runs are abandoned with their workers
      throw err;
    }
  };
  const inline = opts.inline;
  const inlineLane = async () => {
    if (!inline) return;
    for (;;) {
      // let the worker lanes record replies and top up their queues before the next run here
      await new Promise<void>((resolve) => setImmediate(resolve));
      const t = take();
      if (t === undefined) return;
      record(t, await inline(t));
    }
  };
  const workerLanes = Math.min(opts.size, tasks.length - (inline ? 1 : 0));
  const lanes = Array.from({ length: inline ? Math.max(0, workerLanes) : Math.max(1, workerLanes) }, lane);
  if (inline) lanes.push(inlineLane());
  try {
    await Promise.all(lanes);
  } finally {
    await Promise.all(spare.map((w) => w.terminate())); // started but not needed
  }
}

/**
 * The replies of one worker, in order. The timeout applies to the oldest unanswered run, counted
 * from when it was sent or, when runs were queued behind another, from the previous reply.
 */
class Feed<R> {
  private readonly replies: R[] = [];
  private failure: Error | undefined;
  private waiter: { resolve: (r: R) => void; reject: (e: Error) => void } | undefined;
  private outstanding = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly onMessage = (m: R) => {
    this.outstanding--;
    this.arm();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(m);
    } else this.replies.push(m);
  };
  private readonly onError = (e: Error) => this.fail(e);
  private readonly onExit = (code: number) => this.fail(new Error(`worker exited with code ${code}`));

  constructor(private readonly w: Worker, private readonly timeoutMs?: number) {
    w.on('message', this.onMessage);
    w.on('error', this.onError);
    w.on('exit', this.onExit);
  }

  send(task: unknown): void {
    this.outstanding++;
    if (this.outstanding === 1) this.arm();
    this.w.postMessage(task);
  }

  next(): Promise<R> {
    if (this.replies.length > 0) return Promise.resolve(this.replies.shift()!);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<R>((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  close(): void {
    clearTimeout(this.timer);
    this.w.off('message', this.onMessage);
    this.w.off('error', this.onError);
    this.w.off('exit', this.onExit);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.timeoutMs && this.outstanding > 0 && !this.failure) this.timer = setTimeout(() => this.fail(new Error(`timed out after ${this.timeoutMs! / 1000} s`)), this.timeoutMs);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    clearTimeout(this.timer);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(e);
    }
  }
}
