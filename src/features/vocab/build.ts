import type { VocabBuildRequest } from '../../generated/wire-types.js';
import { analysisFlags, checkAnalyzable, preprocessing } from '../../analyzers/requests.js';
import type { WordAnalyzer } from '../../analyzers/word-analyzer.js';
import type { Config } from '../../config.js';
import { errors } from '../../errors.js';
import type { ModelRegistry } from '../../models/registry.js';

/**
 * POST /vocab/build: counts the analyzer's tokens (their `normalized` form) over the texts and returns
 * the special tokens, then tokens by descending count, ties in code-unit order of the token, keeping
 * tokens seen at least `min_frequency` times, at most `max_size` entries in all.
 */
export function buildVocab(registry: ModelRegistry, config: Config, body: VocabBuildRequest) {
  const analyzer = registry.getKind<WordAnalyzer>(body.model, 'analyzer', 'POST /vocab/build');
  checkAnalyzable(body.texts, config.MAX_ANALYZER_CHARS);
  body.texts.forEach((text, i) => {
    if (text.length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG(i, text.length, config.MAX_INPUT_CHARS);
  });
  if (new Set(body.special_tokens).size !== body.special_tokens.length) throw new errors.INVALID_OPTION('special_tokens holds duplicates');
  if (body.special_tokens.length > body.max_size) throw new errors.INVALID_OPTION(`max_size ${body.max_size} is smaller than the ${body.special_tokens.length} special tokens`);
  const flags = { ...analysisFlags({ merge_entities: body.merge_entities }) };
  const pre = preprocessing(body);
  const counts = new Map<string, number>();
  let total = 0;
  for (const text of body.texts) {
    for (const t of analyzer.analyze(text, pre, flags)) {
      counts.set(t.normalized, (counts.get(t.normalized) ?? 0) + 1);
      total++;
    }
  }
  if (total === 0) throw new errors.EMPTY_INPUT('the texts hold no tokens');
  const specials = new Set(body.special_tokens);
  const ranked = [...counts].filter(([token, n]) => n >= body.min_frequency && !specials.has(token))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, body.max_size - body.special_tokens.length);
  const entries = [
    ...body.special_tokens.map((token) => ({ token, count: counts.get(token) ?? 0, special: true })),
    ...ranked.map(([token, count]) => ({ token, count, special: false })),
  ].map((e, id) => ({ id, ...e }));
  return {
    model: analyzer.name, texts: body.texts.length, total_tokens: total, unique_tokens: counts.size,
    vocab_size: entries.length, entries,
  };
}
