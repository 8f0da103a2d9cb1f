// Worker-thread entry: imports the run machinery once, then serves one run per message.
import { parentPort } from 'node:worker_threads';
import { executeRun, type RunTask } from './execute.js';

if (!parentPort) throw new Error('sweep worker must run in a worker thread');
const port = parentPort;
port.on('message', (task: RunTask) => {
  void executeRun(task).then((reply) => port.postMessage(reply));
});
