/**
 * The fuzzer's properties, checked on every reply: never a 5xx; every 4xx has the documented error
 * body (ErrorResponse, or OpenAI's shape on /v1/*); every 2xx validates against the route's response
 * schema; /tokenize offsets slice the input to each token's text in the requested unit; and for
 * byte-level BPE tokenizers decode(encode(x)) is exactly x (qwen3: x in NFC).
 */
import type { FuzzRequest, Operation, RoundTrip } from './fuzz-requests.js';

export interface FuzzReply { status: number; contentType: string; body: string }
/** Sends one request: `app.inject` in the tests, HTTP to a real server in `npm run fuzz`. */
export type Send = (request: FuzzRequest) => Promise<FuzzReply>;
/** Validates `body` against the schema with this $id: null when valid, else the problem. */
export type Validate = (ref: string, body: unknown) => string | null;

export interface Verdict {
  /** Status of the case's (last) reply. */
  status: number;
  /** Broken properties; `schema:` marks schema violations. */
  problems: string[];
}

type Unit = RoundTrip['unit'];

/** The part of `text` in [start, stop) counted in `unit` (code points, UTF-16 units or UTF-8 bytes). */
export function sliceIn(text: string, start: number, stop: number, unit: Unit): string {
  if (unit === 'utf16') return text.slice(start, stop);
  if (unit === 'byte') return Buffer.from(text, 'utf8').subarray(start, stop).toString('utf8');
  return Array.from(text).slice(start, stop).join('');
}

function parse(reply: FuzzReply): unknown {
  try {
    return JSON.parse(reply.body);
  } catch {
    return undefined;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

interface Token { id: number | null; text: string; start: number | null; stop: number | null }

/** Offsets must cut each token's `text` out of its input, in the unit asked for. */
function offsetProblems(inputs: unknown, unit: Unit, result: Token[][]): string[] {
  const texts = typeof inputs === 'string' ? [inputs] : (inputs as string[]);
  const problems: string[] = [];
  result.forEach((tokens, i) => tokens.forEach((tok, j) => {
    if (tok.start === null || tok.stop === null) return;
    const slice = sliceIn(texts[i], tok.start, tok.stop, unit);
    // A lone surrogate has no UTF-8 form: byte offsets count it as U+FFFD (3 bytes), as UTF-8 encoders do.
    const expected = unit === 'byte' ? tok.text.replace(LONE_SURROGATE, '\ufffd') : tok.text;
    if (slice !== expected) problems.push(`offsets: input ${i} token ${j} [${tok.start}, ${tok.stop}) ${unit} slices ${JSON.stringify(slice)}, text is ${JSON.stringify(tok.text)}`);
  }));
  return problems.slice(0, 3);
}

/** Checks one reply of `op` (undefined for paths outside the OpenAPI document). */
export function replyProblems(request: FuzzRequest, op: Operation | undefined, reply: FuzzReply, validate: Validate): string[] {
  const { status } = reply;
  if (status >= 500) return [`${status}: ${reply.body.slice(0, 300)}`];
  if (request.method === 'HEAD') return [];
  const openai = request.url.startsWith('/v1/');
  if (status >= 400) {
    const body = parse(reply);
    if (!reply.contentType.startsWith('application/json')) return [`schema: ${status} with content-type ${reply.contentType}`];
    const problem = validate(openai && op ? 'OpenAIErrorResponse' : 'ErrorResponse', body);
    return problem ? [`schema: ${status} error body: ${problem}: ${reply.body.slice(0, 200)}`] : [];
  }
  if (/package\.json|\.\./.test(request.url) && reply.body.includes('"name": "tokenserve"')) return ['path traversal: served package.json'];
  if (status < 200 || status >= 300 || !op?.responseSchema || op.method !== request.method) return [];
  const body = op.responseSchema === 'MetricsText' ? reply.body : parse(reply);
  const problem = validate(op.responseSchema, body);
  if (problem) return [`schema: ${op.responseSchema}: ${problem}`];
  const sent = request.body as { inputs?: unknown; offset_unit?: Unit } | undefined;
  if (op.path === '/tokenize' && sent && typeof sent === 'object') return offsetProblems(sent.inputs, sent.offset_unit ?? 'char', body as Token[][]);
  return [];
}

const json = (url: string, body: unknown): FuzzRequest => ({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body), body });

/** decode(encode(x)) = x, /tokenize offsets slice x, and /tokenize and /encode agree on ids and offsets. */
async function roundTripProblems(send: Send, { text, model, unit }: RoundTrip): Promise<Verdict> {
  const enc = await send(json('/encode', { inputs: text, model, add_special_tokens: false, return_offsets: true, offset_unit: unit }));
  if (enc.status !== 200) return { status: enc.status, problems: [`round trip: /encode answered ${enc.status}: ${enc.body.slice(0, 200)}`] };
  const { ids, offsets } = (JSON.parse(enc.body) as { encodings: Array<{ ids: number[]; offsets: [number, number][] }> }).encodings[0];
  const dec = await send(json('/decode', { ids: [ids], model, skip_special_tokens: false }));
  if (dec.status !== 200) return { status: dec.status, problems: [`round trip: /decode answered ${dec.status}: ${dec.body.slice(0, 200)}`] };
  const expected = model === 'qwen3' ? text.normalize('NFC') : text;
  const decoded = (JSON.parse(dec.body) as string[])[0];
  const problems = decoded === expected ? [] : [`round trip: ${model} decode(encode(x)) = ${JSON.stringify(decoded)}, x = ${JSON.stringify(expected)}`];
  const tokRequest = json('/tokenize', { inputs: text, model, add_special_tokens: false, offset_unit: unit });
  const tok = await send(tokRequest);
  if (tok.status !== 200) return { status: tok.status, problems: [...problems, `round trip: /tokenize answered ${tok.status}`] };
  const tokens = (JSON.parse(tok.body) as Token[][])[0];
  problems.push(...offsetProblems(text, unit, [tokens]));
  if (tokens.map((x) => x.id).join() !== ids.join()) problems.push(`round trip: /tokenize and /encode ids differ on ${JSON.stringify(text)}`);
  tokens.forEach((x, i) => {
    if (x.start !== null && (x.start !== offsets[i][0] || x.stop !== offsets[i][1])) problems.push(`round trip: token ${i} offsets /tokenize [${x.start}, ${x.stop}) vs /encode [${offsets[i]}]`);
  });
  return { status: 200, problems: problems.slice(0, 5) };
}

/** Runs one case and checks every property that applies to it. */
export async function runCase(send: Send, request: FuzzRequest, ops: Operation[], validate: Validate): Promise<Verdict> {
  if (request.roundTrip) return roundTripProblems(send, request.roundTrip);
  const reply = await send(request);
  const path = request.url.split('?')[0];
  const op = ops.find((o) => o.path === path && (o.method === request.method || (request.method === 'HEAD' && o.method === 'GET')));
  return { status: reply.status, problems: replyProblems(request, op, reply, validate) };
}
