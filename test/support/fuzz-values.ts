/**
 * Hostile values for the fuzzer (npm run fuzz, test/fuzz.test.ts): texts with control characters,
 * bidi marks, joiners, combining marks, lone surrogates and 1 MB strings; numbers at every edge;
 * values of the wrong type; broken JSON. Only data, no requests.
 */
import fc from 'fast-check';

/** Pieces that have broken tokenizers before: invisible, bidi, joining, combining, special-token look-alikes. */
const PIECES = [
  '\u0000', '\u0007', '\u001b[31m', '\t', '\n', '\r\n', '\r', '\u000b', '\u000c', '\u007f', '\u0085', '\u00a0',
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u2028', '\u2029', '\u3000', '\ufeff', '\ufffd', '\ufffe', '\uffff', '\u{10ffff}', '\u{e0001}', '\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
  '\u0301', 'e\u0301', 'é', 'a\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307', 'Z\u0351\u0352\u0353\u0354', 'ﬁ', 'Ⅻ', '①', 'Ａｂｃ', 'ｶﾀｶﾅ', 'Å', 'Å',
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇫🇷', '😀', '❤️', '1️⃣', 'עִבְרִית', 'العربية', 'مرحبا بالعالم', 'שלום world', '我喜欢吃披萨！', '南京市长江大桥',
  '日本語のテキスト', 'ภาษาไทย', '한국어', 'Ελληνικά', 'Привет', 'नमस्ते', 'ཀ་', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠜎𠜱', ' ', '   ', '\t\t',
  '<|endoftext|>', '<|begin_of_text|>', '<|im_start|>', '<s>', '</s>', '[CLS]', '[SEP]', '[UNK]', '[PAD]', '[MASK]', '##ing', 'Ġthe', '▁the', '\\u0000',
  'https://example.com/a?b=1&c=%20', 'john.doe@example.com', '$5.50', 'March 3, 2024', '#hashtag', '@user', ':-)', '12:30', '1st', '3.14e10',
  'I love to eat pizza!', 'The quick brown fox', "don't", 'U.S.A.', '...', '—', '"quoted"', '{"json":true}', '__proto__', 'constructor',
];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b', '\udc00\ud800'];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }) },
);

/** Well-formed Unicode (no lone surrogates): the input for which exact round trips are required. */
export const wellFormedText = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

/** Long but under the default MAX_INPUT_CHARS (100,000): real work for the tokenizers. Built once. */
const LONG = ['I love to eat pizza! '.repeat(4_000), '我喜欢吃披萨！'.repeat(12_000), 'a'.repeat(99_999), `${'👨‍👩‍👧‍👦'.repeat(8_000)}`];
/** 1 MB strings: over MAX_INPUT_CHARS, and (as UTF-8) some over BODY_LIMIT. */
const HUGE = ['x'.repeat(1 << 20), '\u200d'.repeat(1 << 20), '😀'.repeat(1 << 19)];

/** Any text a client could send: mostly well-formed, some with lone surrogates, rarely long or 1 MB. */
export const text = fc.oneof(
  { weight: 40, arbitrary: wellFormedText },
  { weight: 6, arbitrary: fc.tuple(wellFormedText, fc.constantFrom(...LONE_SURROGATES), wellFormedText).map((p) => p.join('')) },
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(...LONG, ...HUGE) },
);

/** Numbers at the edges: negative, fractional, 2^31, 2^53, the largest doubles. */
export const edgeNumber = fc.constantFrom(
  -1, -0, 0.5, 1.5, -2.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324, 1e-7,
);

/** A token id: mostly inside small vocabularies, sometimes past every vocabulary or not an id at all. */
export const tokenId = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 1_000 }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 210_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }) },
  { weight: 1, arbitrary: edgeNumber },
);

/** Nesting deep enough to hurt a recursive parser, validator or serializer. */
const nestArray = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const nestObject = (depth: number): unknown => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 1);
const deep = fc.constantFrom(nestArray(10), nestArray(1_000), nestObject(1_000));

/** A value of some JSON type, for putting where another type belongs. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, '', 'x', [], {}, [null], ['x', 1], { inputs: 'x' }, [[[]]]),
  edgeNumber,
  text,
  fc.array(fc.oneof(text, tokenId), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
  deep,
);

/** Property names a client might add: typos, prototype keys, other routes' fields. */
export const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', 'input', 'inputs', 'Model', 'ids ', 'truncate', 'max_tokens', ''),
  fc.string({ maxLength: 10 }),
);

/** Raw bodies that are not JSON, or are JSON in ways parsers get wrong. */
export const brokenJson = fc.oneof(
  fc.constantFrom(
    '', ' ', '{', '}', '[', '{"inputs":', '{"inputs":"x",}', "{'inputs':'x'}", '{"inputs":"x"}{"inputs":"y"}', 'null', 'true', '0', '"x"',
    '\ufeff{"inputs":"x"}', '{"inputs":"\\ud800"}', '{"inputs":"\\u0000"}', '{"inputs":"x","inputs":5}', '{"__proto__":{"x":1},"inputs":"x"}',
    '{"constructor":{"prototype":{"x":1}},"inputs":"x"}', '{"inputs":NaN}', '{"inputs":1e999}', '{"ids":[9007199254740993]}',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `{"inputs":${'['.repeat(50_000)}"x"${']'.repeat(50_000)}}`, '{"inputs":"x"', '\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Content types: JSON mostly, sometimes something a JSON route must refuse (415) or an odd spelling. */
export const contentType = fc.oneof(
  { weight: 20, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/jsonx', 'application/merge-patch+json', '') },
);
