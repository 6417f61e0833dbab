/**
 * An encoded sequence, like Hugging Face's Encoding. Offsets are [start, end) in UTF-16 units of the
 * original text (converted to the requested unit at the edge, see offsets.ts).
 */
export interface Encoding {
  ids: number[];
  tokens: string[];
  offsets: [number, number][];
  /** 1 for special tokens added by the post-processor (Hugging Face's special_tokens_mask). */
  specialMask: number[];
  /** True where the post-processor or padding added the token (it covers no input text). */
  added: boolean[];
  wordIds: (number | null)[];
  typeIds: number[];
  sequenceIds: (number | null)[];
  attentionMask: number[];
  overflowing: Encoding[];
}

/**
 * Token ids alone: what the fast path fills for callers that need nothing else (a plain /encode, /count),
 * skipping the eight other per-token arrays, offsets included.
 */
export interface IdsOnly {
  readonly idsOnly: true;
  ids: number[];
}

/** Where the fast path appends tokens: a whole Encoding, or ids alone. */
export type TokenSink = Encoding | IdsOnly;

export function emptyEncoding(): Encoding {
  return { ids: [], tokens: [], offsets: [], specialMask: [], added: [], wordIds: [], typeIds: [], sequenceIds: [], attentionMask: [], overflowing: [] };
}

/** The per-token arrays of an Encoding (all of the same length). */
const tokenFields = ['ids', 'tokens', 'offsets', 'specialMask', 'added', 'wordIds', 'typeIds', 'sequenceIds', 'attentionMask'] as const;

/** A copy of tokens [from, to) of `e` (without overflowing). */
export function sliceEncoding(e: Encoding, from: number, to: number): Encoding {
  const out = emptyEncoding();
  for (const f of tokenFields) (out[f] as unknown[]) = (e[f] as unknown[]).slice(from, to);
  return out;
}

/** Concatenation of encodings (without overflowing). */
export function concatEncodings(parts: Encoding[]): Encoding {
  const out = emptyEncoding();
  // Plain loops: flatMap over nine fields dominated encode time on short texts.
  for (const f of tokenFields) {
    const target = out[f] as unknown[];
    for (const p of parts) {
      const source = p[f] as unknown[];
      for (let i = 0; i < source.length; i++) target.push(source[i]);
    }
  }
  return out;
}
