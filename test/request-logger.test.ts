import t from 'tap';
import { Writable } from 'node:stream';
import pino from 'pino';
import { requestLogger } from '../src/request-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
  const parent = pino({ level }, stream);
  let children = 0;
  const child = parent.child;
  parent.child = function (this: typeof parent, ...args: Parameters<typeof parent.child>) { children++; return child.apply(this, args); } as typeof parent.child;
  return { parent, lines, children: () => children };
}

const flush = () => new Promise((r) => setImmediate(r));

t.test('lines at a disabled level make no child logger; enabled ones carry the request id', async (t) => {
  const { parent, lines, children } = capture('warn');
  const log = requestLogger(parent, { reqId: 'r-1' }, {});
  log.info({ route: '/encode' }, 'incoming request');
  log.debug('detail');
  t.equal(children(), 0, 'nothing logged, no child made');
  t.equal(log.level, 'warn');
  log.error({ code: 'X' }, 'failed');
  log.warn('again');
  await flush();
  t.equal(children(), 1, 'one child, made once');
  t.match(lines, [{ level: 50, reqId: 'r-1', code: 'X', msg: 'failed' }, { level: 40, reqId: 'r-1', msg: 'again' }]);
});

t.test('its own children and level changes go to pino\'s child', async (t) => {
  const { parent, lines } = capture('info');
  const log = requestLogger(parent, { reqId: 'r-2' }, {});
  log.child({ part: 'tokenizer' }).info('inner');
  log.level = 'error';
  log.warn('dropped');
  t.equal(log.level, 'error');
  t.equal(parent.level, 'info', 'the service logger keeps its level');
  await flush();
  t.match(lines, [{ reqId: 'r-2', part: 'tokenizer', msg: 'inner' }]);
  t.equal(lines.length, 1);
});

t.test('a route with a log level of its own gets pino\'s child at once', async (t) => {
  const { parent, lines, children } = capture('warn');
  const log = requestLogger(parent, { reqId: 'r-3' }, { level: 'debug' });
  t.equal(children(), 1);
  log.debug('seen');
  await flush();
  t.match(lines, [{ reqId: 'r-3', msg: 'seen' }]);
});
