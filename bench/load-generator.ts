/**
 * The HTTP load generator, run as its own process (bench/http.ts starts it) so that its event loop and
 * heap are not the benchmark's: autocannon with rotating JSON bodies. Reads a LoadJob as JSON on stdin,
 * prints the AutocannonResult as JSON on stdout.
 */
import { createRequire } from 'node:module';
import { text } from 'node:stream/consumers';

export interface LoadJob { url: string; path: string; bodies: object[]; connections: number; seconds: number }

/** The part of autocannon's result used here (the package ships no types). */
export interface AutocannonResult { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number }
type Autocannon = (opts: { url: string; connections: number; duration: number; requests: object[] }) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const job = JSON.parse(await text(process.stdin)) as LoadJob;
const requests = job.bodies.map((b) => ({ method: 'POST', path: job.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) }));
const r = await autocannon({ url: job.url, connections: job.connections, duration: job.seconds, requests });
const result: AutocannonResult = { requests: { average: r.requests.average, total: r.requests.total }, latency: { p50: r.latency.p50, p99: r.latency.p99 }, non2xx: r.non2xx };
process.stdout.write(JSON.stringify(result));
