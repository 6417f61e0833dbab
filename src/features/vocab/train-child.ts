/**
 * Child process entry for POST /train: receives { files, options }, trains, answers { json } or
 * { error }. Training runs here so that the service can kill it at TRAIN_TIMEOUT_MS and a crash of the
 * native trainer cannot take the service down.
 */
import { trainTokenizer } from './trainer.js';
import type { TrainOptions } from './trained-json.js';

process.once('message', (msg: { files: string[]; options: TrainOptions }) => {
  let reply: { json: unknown } | { error: string };
  try {
    reply = { json: trainTokenizer(msg.files, msg.options) };
  } catch (err) {
    reply = { error: (err as Error).message };
  }
  process.send!(reply, () => process.exit(0));
});
