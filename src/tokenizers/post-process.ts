import { concatEncodings, emptyEncoding, type Encoding } from './encoding.js';

/** One template item: a special token, or the sequence A (0) / B (1), each with its type id. */
type Piece = { special: string; typeId: number } | { sequence: 0 | 1; typeId: number };

interface SpecialToken {
  ids: number[];
  tokens: string[];
}

type Config = { type: string; [k: string]: unknown } | null;

/**
 * Hugging Face post-processors (TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel,
 * Sequence): adds special tokens around one sequence or a pair, sets type ids, sequence ids, and merges
 * overflowing windows the way tokenizers' Encoding::merge_with does.
 */
export class PostProcessor {
  private single: Piece[] = [{ sequence: 0, typeId: 0 }];
  private pair: Piece[] = [{ sequence: 0, typeId: 0 }, { sequence: 1, typeId: 1 }];
  private readonly specials = new Map<string, SpecialToken>();
  private trimOffsets = false;

  constructor(cfg: Config, private readonly tokenToId: (token: string) => number | undefined) {
    this.configure(cfg);
  }

  private configure(cfg: Config): void {
    if (!cfg) return;
    switch (cfg.type) {
      case 'TemplateProcessing': {
        this.single = parseTemplate(cfg.single as unknown[]);
        this.pair = parseTemplate(cfg.pair as unknown[]);
        for (const [key, value] of Object.entries(cfg.special_tokens as Record<string, SpecialToken>)) this.specials.set(key, value);
        break;
      }
      case 'BertProcessing':
      case 'RobertaProcessing': {
        const [sep, sepId] = cfg.sep as [string, number];
        const [cls, clsId] = cfg.cls as [string, number];
        this.specials.set(sep, { ids: [sepId], tokens: [sep] });
        this.specials.set(cls, { ids: [clsId], tokens: [cls] });
        const bert = cfg.type === 'BertProcessing';
        this.single = [{ special: cls, typeId: 0 }, { sequence: 0, typeId: 0 }, { special: sep, typeId: 0 }];
        this.pair = [
          ...this.single,
          ...(bert ? [] : [{ special: sep, typeId: 0 }]),
          { sequence: 1, typeId: bert ? 1 : 0 }, { special: sep, typeId: bert ? 1 : 0 },
        ];
        if (!bert) this.trimOffsets = cfg.trim_offsets !== false;
        break;
      }
      case 'ByteLevel':
        this.trimOffsets = cfg.trim_offsets === true;
        break;
      case 'Sequence':
        for (const p of (cfg.processors as Config[]) ?? []) this.configure(p);
        break;
      default:
        throw new Error(`post_processor type '${cfg.type}' is not supported`);
    }
  }

  /** Number of special tokens added to one sequence or a pair (for truncation). */
  addedTokens(isPair: boolean): number {
    return (isPair ? this.pair : this.single).reduce((n, p) => n + ('special' in p ? this.specials.get(p.special)?.ids.length ?? 0 : 0), 0);
  }

  /** Applies offsets trimming, special tokens (when `addSpecial`) and merging; inputs are not modified. */
  process(first: Encoding, second: Encoding | null, addSpecial: boolean): Encoding {
    if (this.trimOffsets) {
      trimByteLevelOffsets(first);
      if (second) trimByteLevelOffsets(second);
    }
    const template = second ? this.pair : this.single;
    const parts = [first, second].filter((e): e is Encoding => e !== null).map((e, seq) => {
      // Without special tokens only the sequence items of the template apply (their type ids still do).
      const pieces = piecesOf(template, seq).filter((p) => addSpecial || 'sequence' in p);
      return this.applyPieces(e, pieces, seq);
    });
    return parts.length === 1 ? parts[0] : merge(parts[0], parts[1]);
  }

  private applyPieces(e: Encoding, pieces: Piece[], seq: number): Encoding {
    const build = (enc: Encoding): Encoding => {
      return concatEncodings(pieces.map((p) => {
        if ('special' in p) return this.specialEncoding(p.special, p.typeId);
        const copy = concatEncodings([enc]);
        copy.typeIds = copy.typeIds.map(() => p.typeId);
        copy.sequenceIds = copy.sequenceIds.map(() => seq);
        return copy;
      }));
    };
    const out = build(e);
    out.overflowing = e.overflowing.map(build);
    return out;
  }

  private specialEncoding(name: string, typeId: number): Encoding {
    const special = this.specials.get(name);
    const out = emptyEncoding();
    const ids = special?.ids ?? [this.tokenToId(name) ?? 0];
    const tokens = special?.tokens ?? [name];
    ids.forEach((id, i) => {
      out.ids.push(id); out.tokens.push(tokens[i]); out.offsets.push([0, 0]); out.specialMask.push(1); out.added.push(true);
      out.wordIds.push(null); out.typeIds.push(typeId); out.sequenceIds.push(null); out.attentionMask.push(1);
    });
    return out;
  }
}

function parseTemplate(items: unknown[]): Piece[] {
  return items.map((item) => {
    const it = item as { SpecialToken?: { id: string; type_id: number }; Sequence?: { id: 'A' | 'B'; type_id: number } };
    if (it.SpecialToken) return { special: it.SpecialToken.id, typeId: it.SpecialToken.type_id };
    return { sequence: it.Sequence!.id === 'A' ? 0 : 1, typeId: it.Sequence!.type_id };
  });
}

/**
 * The part of a template that belongs to sequence `seq`: everything before $B goes with A. Special tokens
 * have no overflowing windows, so where they are grouped does not change the merged result.
 */
function piecesOf(template: Piece[], seq: number): Piece[] {
  const firstB = template.findIndex((p) => 'sequence' in p && p.sequence === 1);
  if (firstB < 0) return template;
  return seq === 0 ? template.slice(0, firstB) : template.slice(firstB);
}

/** Hugging Face's Encoding::merge_with for a pair: sequences concatenated, overflowing windows crossed. */
function merge(a: Encoding, b: Encoding): Encoding {
  const overflowing: Encoding[] = [];
  for (const ao of a.overflowing) {
    overflowing.push(concatEncodings([ao, b]));
    for (const bo of b.overflowing) overflowing.push(concatEncodings([ao, bo]));
  }
  for (const bo of b.overflowing) overflowing.push(concatEncodings([a, bo]));
  const out = concatEncodings([a, b]);
  out.overflowing = overflowing;
  return out;
}

/** ByteLevel trim_offsets: leading/trailing spaces (Ġ) of a token are left out of its offsets. */
function trimByteLevelOffsets(e: Encoding): void {
  const apply = (enc: Encoding) => enc.tokens.forEach((token, i) => {
    const lead = token.length - token.replace(/^Ġ+/, '').length;
    const trail = token.length - token.replace(/Ġ+$/, '').length;
    if (lead === 0 && trail === 0) return;
    const [s, t] = enc.offsets[i];
    const start = Math.min(s + lead, t);
    enc.offsets[i] = [start, Math.max(t - trail, start)];
  });
  apply(e);
  e.overflowing.forEach(apply);
}
