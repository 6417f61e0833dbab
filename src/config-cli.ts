import { parseArgs } from 'node:util';
import { configSchema } from './config.js';

type Setting = keyof typeof configSchema.properties;

/** `MAX_BATCH_SIZE` → `--max-batch-size`: every setting has one flag, derived from its env name. */
export function flagName(key: string): string {
  return key.toLowerCase().replace(/_/g, '-');
}

/**
 * Command-line flags as env-like strings (`--port 9000` → `{ PORT: '9000' }`), to be merged over
 * process.env before `loadConfig` validates them, so flags and env vars share one schema and one message
 * for a bad value. Throws on an unknown flag or a flag without value.
 */
export function cliEnv(argv: string[]): Record<string, string> {
  const keys = Object.keys(configSchema.properties) as Setting[];
  const options = Object.fromEntries(keys.map((k) => [flagName(k), { type: 'string' as const }]));
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const env: Record<string, string> = {};
  for (const key of keys) {
    const value = values[flagName(key)];
    if (typeof value === 'string') env[key] = value;
  }
  return env;
}

/** The text printed by `--help`: every flag with its env var, default and meaning. */
export function usage(): string {
  const lines = Object.entries(configSchema.properties).map(([key, spec]) => {
    const def = 'default' in spec ? JSON.stringify(spec.default) : 'none';
    return `  --${flagName(key)} <value>  (env ${key}, default ${def})\n      ${spec.description}`;
  });
  return `Usage: node dist/src/server.js [flags]\nEvery flag overrides the env var of the same name.\n\n${lines.join('\n')}\n`;
}
