// A stand-in hook worker for the pool's tests. The body (UTF-8 text) says what to do with the call:
// "hang" blocks the thread for good (as a stuck computation would), "exit" ends the thread mid-call, "throw" reports a failure; anything else is answered
// as an invalid request whose detail is the body, so a test can tell the answers apart.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (task) => {
  const text = new TextDecoder().decode(task.body);
  if (text === 'hang') for (;;);
  if (text === 'exit') process.exit(1);
  if (text === 'throw') {
    parentPort.postMessage({ id: task.id, failure: 'TypeError' });
    return;
  }
  parentPort.postMessage({ id: task.id, result: { kind: 'invalid', details: [text] } });
});
parentPort.postMessage({ ready: true });
