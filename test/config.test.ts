import t from 'tap';
import { spawnSync } from 'node:child_process';
import { configSchema, loadConfig } from '../src/config.js';
import { cliEnv, flagName, usage } from '../src/config-cli.js';
import { projectRoot } from '../src/paths.js';
import { httpRequest, startServer } from './production-server.js';

t.test('defaults come from the schema; strings are coerced', async (t) => {
  const config = loadConfig({});
  for (const [key, spec] of Object.entries(configSchema.properties)) t.same(config[key as keyof typeof config], spec.default, key);
  const c = loadConfig({ PORT: '9000', METRICS_ENABLED: 'false', API_KEYS: 'a,b' });
  t.equal(c.PORT, 9000);
  t.equal(c.METRICS_ENABLED, false);
  t.equal(c.API_KEYS, 'a,b');
});

t.test('a bad value is refused with a message naming every bad setting and its value', async (t) => {
  t.throws(() => loadConfig({ PORT: 'abc' }), { message: 'Invalid configuration: PORT="abc" must be integer' });
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT="70000" must be <= 65535/);
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL="loud" must be equal to one of the allowed values/);
  t.throws(() => loadConfig({ METRICS_ENABLED: 'maybe' }), /METRICS_ENABLED="maybe" must be boolean/);
  t.throws(() => loadConfig({ RATE_LIMIT_MAX: '-1', MAX_CONCURRENT_REQUESTS: '1.5' }), /RATE_LIMIT_MAX="-1" must be >= 0; MAX_CONCURRENT_REQUESTS="1.5" must be integer/);
});

t.test('every setting has a flag; flags become env-like strings', async (t) => {
  t.equal(flagName('MAX_BATCH_SIZE'), 'max-batch-size');
  t.same(cliEnv(['--port', '9000', '--api-keys=a,b', '--validate-responses', 'true']), { PORT: '9000', API_KEYS: 'a,b', VALIDATE_RESPONSES: 'true' });
  t.throws(() => cliEnv(['--bogus', '1']), /Unknown option '--bogus'/);
  t.throws(() => cliEnv(['--port']), /argument missing/);
  t.throws(() => cliEnv(['stray']), /positional/);
  const help = usage();
  for (const key of Object.keys(configSchema.properties)) t.match(help, `--${flagName(key)} <value>  (env ${key}`, key);
});

const server = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts', ...args], {
  cwd: projectRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000,
});

t.test('the server stops at start on a bad value, with the message', async (t) => {
  const bad = server(['--max-batch-size', '0']);
  t.equal(bad.status, 1);
  t.match(bad.stderr, 'Invalid configuration: MAX_BATCH_SIZE="0" must be >= 1');
  const env = server([], { PORT: 'eighty' });
  t.equal(env.status, 1);
  t.match(env.stderr, 'PORT="eighty" must be integer');
  const help = server(['--help']);
  t.equal(help.status, 0);
  t.match(help.stdout, '--shutdown-grace-ms');
});

t.test('a flag overrides the env var of the same name', async (t) => {
  const s = await startServer({ PORT: 'not-a-port', MODELS: 'bert-base-uncased' }, ['--import', 'tsx', 'src/server.ts', '--port', '0', '--api-keys', 'from-flag']);
  t.teardown(() => { s.child.kill('SIGKILL'); });
  t.equal((await httpRequest(s.port, 'GET', '/info')).status, 401, 'the flag set API_KEYS');
  t.equal((await httpRequest(s.port, 'GET', '/info', undefined, { authorization: 'Bearer from-flag' })).status, 200);
  s.child.kill('SIGTERM');
  t.equal(await s.exited, 0);
});
