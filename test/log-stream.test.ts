import t from 'tap';
import { BatchedLogStream } from '../src/log-stream.js';

function output() {
  const writes: string[] = [];
  let synced = 0;
  return { writes, synced: () => synced, out: { write: (s: string) => writes.push(s) > 0, flushSync: () => void synced++ } };
}

t.test('lines are handed over joined, in order, once the batch is full', async (t) => {
  const { writes, out } = output();
  const stream = new BatchedLogStream(out, 30, 60_000);
  stream.write('{"a":1}\n');
  stream.write('{"b":22}\n');
  stream.write('{"c":333}\n');
  t.same(writes, [], 'under 30 characters: nothing written yet');
  stream.write('{"d":4444}\n');
  t.same(writes, ['{"a":1}\n{"b":22}\n{"c":333}\n{"d":4444}\n'], 'one write with the four lines');
  stream.write('{"e":5}\n');
  stream.flushSync();
  t.same(writes.slice(1), ['{"e":5}\n'], 'flushSync writes what is left');
});

t.test('a line waits at most flushMs; flushSync reaches the output\'s own flushSync', async (t) => {
  const { writes, out, synced } = output();
  const stream = new BatchedLogStream(out, 8192, 20);
  stream.write('{"msg":"ready"}\n');
  t.same(writes, []);
  await new Promise((r) => setTimeout(r, 80));
  t.same(writes, ['{"msg":"ready"}\n'], 'written by the timer');
  stream.flushSync();
  t.equal(writes.length, 1, 'nothing gathered: no empty write');
  t.equal(synced(), 1);
});
