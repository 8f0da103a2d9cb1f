// A fixed pool of worker threads reused across runs. Each lane keeps one worker busy; a worker that
// dies mid-run (out of memory, a native crash) or times out is replaced and its run is reported
// through onCrash.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface PoolOptions<T, R> {
  size: number;
  /** Worker script; it answers every message with exactly one message. */
  script: URL;
  onCrash: (task: T, err: Error) => R;
  /** A run taking longer is stopped (its worker replaced) and reported through onCrash. */
  timeoutMs?: number;
  /** Workers started earlier (see startWorkers), used before new ones are created. */
  started?: Worker[];
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

/** Runs `tasks` in order on `size` workers, calling onResult as each finishes. */
export async function runOnPool<T, R>(tasks: readonly T[], opts: PoolOptions<T, R>, onResult: (task: T, result: R) => void): Promise<void> {
  const path = fileURLToPath(opts.script);
  if (!existsSync(path)) throw new Error(`worker script ${path} not found (run \`npm run build\`)`);
  let next = 0;
  const take = (): T | undefined => (next < tasks.length ? tasks[next++] : undefined);
  const spare = [...(opts.started ?? [])];
  const lane = async () => {
    let w: Worker | undefined;
    let task = take();
    if (task === undefined) return;
    w = spare.pop() ?? new Worker(opts.script);
    let pending = call<R>(w, task, opts.timeoutMs);
    try {
      while (task !== undefined) {
        let result: R;
        let crashed = false;
        try {
          result = await pending;
        } catch (err) {
          result = opts.onCrash(task, err as Error);
          crashed = true;
        }
        if (crashed) {
          void w!.terminate();
          w = undefined;
        }
        // Hand the worker its next run before recording this one, so it never waits on our disk writes.
        const done = task;
        task = take();
        if (task !== undefined) {
          w ??= new Worker(opts.script);
          pending = call<R>(w, task, opts.timeoutMs);
        }
        try {
          onResult(done, result);
        } catch (err) {
          next = tasks.length; // stop the other lanes too
          pending.catch(() => {}); // the in-flight run is abandoned with its worker
          throw err;
        }
      }
    } finally {
      if (w) await w.terminate();
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(opts.size, tasks.length)) }, lane);
  try {
    await Promise.all(lanes);
  } finally {
    await Promise.all(spare.map((w) => w.terminate())); // started but not needed
  }
}

function call<R>(w: Worker, task: unknown, timeoutMs?: number): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = timeoutMs ? setTimeout(() => settle(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs) : undefined;
    const settle = (err: Error | undefined, m?: R) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      if (err) reject(err);
      else resolve(m as R);
    };
    const onMessage = (m: R) => settle(undefined, m);
    const onError = (e: Error) => settle(e);
    const onExit = (code: number) => settle(new Error(`worker exited with code ${code}`));
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.postMessage(task);
  });
}
