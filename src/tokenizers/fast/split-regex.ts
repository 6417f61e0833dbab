import type { PreTokenizer } from '../tokenizer-json.js';
import { onigurumaSpaces } from '../load.js';

type Component = PreTokenizer | null | undefined;

/** One Split pre-tokenizer step, compiled once. */
export interface SplitStep {
  regex: RegExp;
  /** The same pattern for text made only of ASCII characters, without Unicode property classes (faster). */
  ascii: RegExp | null;
  /** Keep only the matches (Removed + invert) instead of matches and the text between them (Isolated). */
  matchesOnly: boolean;
}

// GPT-2's pattern, what a ByteLevel pre-tokenizer with use_regex runs.
const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** `(?i:…)` groups of literals (unsupported by Node 20's RegExp) spelled as explicit character classes. */
function expandCaseInsensitiveGroups(pattern: string): string {
  return pattern.replace(/\(\?i:([^()\\[\]]*)\)/g, (_, body: string) => {
    const spelled = [...body].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c === '|' ? '|' : c));
    return `(?:${spelled.join('')})`;
  });
}

// What each Unicode property class means on ASCII characters.
const ASCII_CLASSES: Record<string, string> = { L: 'A-Za-z', Lu: 'A-Z', Ll: 'a-z', Lt: '', Lm: '', Lo: '', M: '', N: '0-9', Nd: '0-9' };

/**
 * The pattern specialised to ASCII-only input: every `\p{…}` replaced by its ASCII members and the `u`
 * flag dropped, so on such input it matches exactly what the Unicode pattern matches. Null when the
 * pattern uses a property not in the table.
 */
function asciiVariant(source: string): RegExp | null {
  let unknown = false;
  const members = (name: string): string => {
    if (!(name in ASCII_CLASSES)) unknown = true;
    return ASCII_CLASSES[name] ?? '';
  };
  const rewritten = source.replace(/\\[pP]\{(\w+)\}|\[(\^?)((?:[^\]\\]|\\.)*)\]/g, (all: string, prop: string | undefined, neg: string, body: string) => {
    if (prop !== undefined) return all[1] === 'P' ? `[^${members(prop)}]` : `[${members(prop)}]`;
    if (/\\P\{/.test(body)) unknown = true;
    return `[${neg}${body.replace(/\\p\{(\w+)\}/g, (_: string, name: string) => members(name))}]`;
  });
  if (unknown) return null;
  try {
    return new RegExp(rewritten, 'g');
  } catch {
    return null;
  }
}

/**
 * Compiles a Hugging Face (Oniguruma) pattern to a JavaScript RegExp with the same meaning: Oniguruma's
 * `\s`, case-insensitive groups, and escapes that Python/Oniguruma allow but the `u` flag rejects.
 * Returns null for a pattern that cannot be compiled or that can match the empty string (its splitting
 * rules differ between engines), so the caller falls back to the general path.
 */
export function compileSplitRegex(pattern: string): RegExp | null {
  try {
    const source = expandCaseInsensitiveGroups(onigurumaSpaces(pattern.replace(/\\([#&~])/g, '$1')));
    const regex = new RegExp(source, 'gu');
    if (new RegExp(`^(?:${source})$`, 'u').test('')) return null;
    return regex;
  } catch {
    return null;
  }
}

/**
 * The Split steps of a byte-level pre-tokenizer (Split* then ByteLevel without a prefix space), or null
 * when the configuration is anything else.
 */
export function byteLevelSplitSteps(cfg: Component): SplitStep[] | null {
  if (!cfg) return null;
  const parts = cfg.type === 'Sequence' ? cfg.pretokenizers : [cfg];
  const last = parts[parts.length - 1];
  if (!last || last.type !== 'ByteLevel' || last.add_prefix_space === true) return null;
  const steps: SplitStep[] = [];
  for (const part of parts.slice(0, -1)) {
    if (!part || part.type !== 'Split') return null;
    const step = splitStep(part);
    if (!step) return null;
    steps.push(step);
  }
  if (last.use_regex !== false) {
    const regex = compileSplitRegex(GPT2_PATTERN);
    if (!regex) return null;
    steps.push({ regex, ascii: asciiVariant(regex.source), matchesOnly: false });
  }
  return steps;
}

function splitStep(part: Extract<PreTokenizer, { type: 'Split' }>): SplitStep | null {
  const pattern = part.pattern;
  const source = typeof pattern?.Regex === 'string' ? pattern.Regex
    : typeof pattern?.String === 'string' && pattern.String !== '' ? pattern.String.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : null;
  if (source === null) return null;
  const regex = compileSplitRegex(source);
  if (!regex) return null;
  const ascii = asciiVariant(regex.source);
  if (part.behavior === 'Isolated' && part.invert !== true) return { regex, ascii, matchesOnly: false };
  if (part.behavior === 'Removed' && part.invert === true) return { regex, ascii, matchesOnly: true };
  return null;
}

/**
 * Splits `text` by `step`, appending [start, end) pairs of the non-empty pieces to `out` (flat: start0,
 * end0, start1, ...). The first step gets the whole section so look-arounds see what the reference sees.
 * `isAscii`: the text has only ASCII characters (the faster variant applies).
 */
export function splitRange(step: SplitStep, text: string, out: number[], isAscii: boolean): void {
  const { matchesOnly } = step;
  const regex = isAscii && step.ascii ? step.ascii : step.regex;
  regex.lastIndex = 0;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (!matchesOnly && start > last) out.push(last, start);
    out.push(start, end);
    last = end;
  }
  if (!matchesOnly && last < text.length) out.push(last, text.length);
}
