// Worker-thread entry: imports the run machinery once, then serves runs: one reply a message, in
// the order the messages came. The pool keeps several runs queued here (see pool.ts), so the worker
// goes from one run to the next without waiting for the main thread; they run one at a time.
import { parentPort } from 'node:worker_threads';
import { executeRun, type RunTask } from './execute.js';

if (!parentPort) throw new Error('sweep worker must run in a worker thread');
const port = parentPort;
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: RunTask) => {
  queue = queue.then(() => executeRun(task).then((reply) => port.postMessage(reply)));
});
