import { parentPort } from 'node:worker_threads';

/**
 * The intake's own thread, except that it never finishes a file whose name contains 卡住: what a
 * reader caught in a super-linear scan looks like from outside (the answer never comes). Only
 * tests start it.
 */
const port = parentPort!;
const stalled = new Set<number>();
type Message = { kind?: string; id?: number; file?: string };
const on = port.on.bind(port);
port.on = ((event: string, listener: (message: Message) => void) =>
  on(
    event,
    event === 'message'
      ? (message: Message) => {
          if (message.kind === 'examine' && message.file?.includes('卡住')) stalled.add(message.id!);
          listener(message);
        }
      : listener,
  )) as typeof port.on;
const post = port.postMessage.bind(port);
port.postMessage = ((message: Message) => {
  if (message && stalled.has(message.id!)) for (;;);
  post(message);
}) as typeof port.postMessage;
await import('../../reporter/intake/worker.js');
