/**
 * npm run load -- [--duration 60] [--warmup 10] [--connections 10]
 *
 * Drives a real server (spawned on 127.0.0.1) with a mixed workload (test/support/load-run.ts) and prints
 * req/s, latency and the server's RSS after warm-up and after the run. Fails (exit 1) on any error,
 * timeout or non-2xx answer, or when RSS after the run is more than 10 % above the warmed-up level.
 */
import { parseArgs } from 'node:util';
import { runLoad } from './load-run.js';

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '60' }, warmup: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const report = await runLoad({ duration: Number(args.duration), warmup: Number(args.warmup), connections: Number(args.connections), log: console.log });
console.log(`
requests     ${report.requests} (${report.reqPerSec} req/s)
latency      p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms, max ${report.maxMs} ms
failures     errors ${report.errors}, timeouts ${report.timeouts}, non-2xx ${report.non2xx}, resets ${report.resets}
server RSS   after warm-up ${report.rssWarmMb} MB, after the run ${report.rssAfterMb} MB (${report.rssDriftPct >= 0 ? '+' : ''}${report.rssDriftPct} %), peak ${report.rssPeakMb} MB`);
const failed = report.errors + report.timeouts + report.non2xx > 0 || report.rssDriftPct > 10;
console.log(failed ? 'FAILED: errors, non-2xx answers or RSS drift over 10 %' : 'OK: no errors, no non-2xx, RSS drift within 10 %');
process.exitCode = failed ? 1 : 0;
