import { unsupported, type PostProcessor as PostProcessorJson, type TemplatePiece } from './tokenizer-json.js';
import { concatEncodings, emptyEncoding, type Encoding } from './encoding.js';

/** One template item: a special token, or the sequence A (0) / B (1), each with its type id. */
type Piece = { special: string; typeId: number } | { sequence: 0 | 1; typeId: number };

interface SpecialToken {
  ids: number[];
  tokens: string[];
}

type Config = PostProcessorJson | null;

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
        this.single = parseTemplate(cfg.single);
        this.pair = parseTemplate(cfg.pair);
        for (const [key, value] of Object.entries(cfg.special_tokens)) this.specials.set(key, value);
        break;
      }
      case 'BertProcessing':
      case 'RobertaProcessing': {
        const [sep, sepId] = cfg.sep;
        const [cls, clsId] = cfg.cls;
        this.specials.set(sep, { ids: [sepId], tokens: [sep] });
        this.specials.set(cls, { ids: [clsId], tokens: [cls] });
        const bert = cfg.type === 'BertProcessing';
        this.single = [{ special: cls, typeId: 0 }, { sequence: 0, typeId: 0 }, { special: sep, typeId: 0 }];
        this.pair = [
          ...this.single,
          ...(bert ? [] : [{ special: sep, typeId: 0 }]),
          { sequence: 1, typeId: bert ? 1 : 0 }, { special: sep, typeId: bert ? 1 : 0 },
        ];
        if (cfg.type === 'RobertaProcessing') this.trimOffsets = cfg.trim_offsets !== false;
        break;
      }
      case 'ByteLevel':
        this.trimOffsets = cfg.trim_offsets === true;
        break;
      case 'Sequence':
        for (const p of cfg.processors ?? []) this.configure(p);
        break;
      default:
        throw unsupported('post_processor', cfg);
    }
  }

  /** Number of special tokens added to one sequence or a pair (for truncation). */
  addedTokens(isPair: boolean): number {
    return (isPair ? this.pair : this.single).reduce((n, p) => n + ('special' in p ? this.specials.get(p.special)?.ids.length ?? 0 : 0), 0);
  }

  /**
   * Applies offsets trimming, then the template: its pieces (special tokens, sequence A, sequence B) are
   * merged left to right exactly like tokenizers' Encoding::merge, which also decides how overflowing
   * windows of a pair combine (nested, as the reference nests them). Inputs are not modified.
   */
  process(first: Encoding, second: Encoding | null, addSpecial: boolean): Encoding {
    if (this.trimOffsets) {
      trimByteLevelOffsets(first);
      if (second) trimByteLevelOffsets(second);
    }
    const sequences = second ? [first, second] : [first];
    const template = second ? this.pair : this.single;
    if (first.overflowing.length === 0 && (!second || second.overflowing.length === 0)) return this.processFlat(sequences, template, addSpecial);
    return template.reduce<Encoding>((acc, piece) => {
      if ('special' in piece) return addSpecial ? mergeWith(acc, this.specialEncoding(piece.special, piece.typeId)) : acc;
      return mergeWith(acc, withSequence(sequences[piece.sequence], piece.sequence, piece.typeId));
    }, emptyEncoding());
  }

  /** The ids `process` gives one sequence that has no overflowing windows (`ids`: the sequence's). */
  processIds(ids: number[], addSpecial: boolean): number[] {
    const template = this.single;
    if (!addSpecial || (template.length === 1 && 'sequence' in template[0])) return ids;
    const out: number[] = [];
    for (const piece of template) {
      if ('sequence' in piece) for (const id of ids) out.push(id);
      else for (const id of this.specialIds(piece.special)) out.push(id);
    }
    return out;
  }

  /** Same result as the template merge when nothing overflows, built in one pass (the common case). */
  private processFlat(sequences: Encoding[], template: Piece[], addSpecial: boolean): Encoding {
    // A template that is just sequence A with type id 0 (no post-processor): the encoding is already final.
    if (template.length === 1 && 'sequence' in template[0] && template[0].sequence === 0 && template[0].typeId === 0) return sequences[0];
    const out = emptyEncoding();
    for (const piece of template) {
      if ('special' in piece) {
        if (addSpecial) this.specialEncoding(piece.special, piece.typeId, out);
        continue;
      }
      const e = sequences[piece.sequence];
      for (let i = 0; i < e.ids.length; i++) {
        out.ids.push(e.ids[i]); out.tokens.push(e.tokens[i]); out.offsets.push(e.offsets[i]); out.specialMask.push(e.specialMask[i]);
        out.added.push(e.added[i]); out.wordIds.push(e.wordIds[i]); out.typeIds.push(piece.typeId); out.sequenceIds.push(piece.sequence);
        out.attentionMask.push(e.attentionMask[i]);
      }
    }
    return out;
  }

  private specialIds(name: string): number[] {
    return this.specials.get(name)?.ids ?? [this.tokenToId(name) ?? 0];
  }

  private specialEncoding(name: string, typeId: number, out = emptyEncoding()): Encoding {
    const ids = this.specialIds(name);
    const tokens = this.specials.get(name)?.tokens ?? [name];
    ids.forEach((id, i) => {
      out.ids.push(id); out.tokens.push(tokens[i]); out.offsets.push([0, 0]); out.specialMask.push(1); out.added.push(true);
      out.wordIds.push(null); out.typeIds.push(typeId); out.sequenceIds.push(null); out.attentionMask.push(1);
    });
    return out;
  }
}

function parseTemplate(items: TemplatePiece[]): Piece[] {
  return items.map((it) => {
    if ('SpecialToken' in it) return { special: it.SpecialToken.id, typeId: it.SpecialToken.type_id };
    return { sequence: it.Sequence.id === 'A' ? 0 : 1, typeId: it.Sequence.type_id };
  });
}

/**
 * A copy of a sequence with the template's type id. As in tokenizers' apply_template, the type id is set
 * on the sequence itself only: its overflowing windows keep the sequence's own (0 for A, 1 for B).
 */
function withSequence(e: Encoding, seq: number, typeId: number): Encoding {
  const copy = concatEncodings([e]);
  copy.typeIds = copy.typeIds.map(() => typeId);
  copy.sequenceIds = copy.sequenceIds.map(() => seq);
  copy.overflowing = e.overflowing.map((o) => ({ ...concatEncodings([o]), sequenceIds: o.sequenceIds.map(() => seq) }));
  return copy;
}

/** tokenizers' Encoding::merge_with (growing_offsets false): concatenation, overflowing windows crossed recursively. */
function mergeWith(self: Encoding, pair: Encoding): Encoding {
  const overflowing: Encoding[] = [];
  for (const selfO of self.overflowing) {
    overflowing.push(mergeWith(selfO, pair));
    for (const pairO of pair.overflowing) overflowing.push(mergeWith(selfO, pairO));
  }
  for (const pairO of pair.overflowing) overflowing.push(mergeWith(self, pairO));
  const out = concatEncodings([self, pair]);
  out.overflowing = overflowing;
  return out;
}
/** ByteLevel trim_offsets: leading/trailing spaces (Ġ) of a token are left out of its offsets. */
function trimByteLevelOffsets(e: Encoding): void {
  const apply = (enc: Encoding) => enc.tokens.forEach((token, i) => {
    if (token.charCodeAt(0) !== 0x120 && token.charCodeAt(token.length - 1) !== 0x120) return; // no Ġ at either end
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
