import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { finalizeTrained, type TrainOptions } from './trained-json.js';

/**
 * Trains with the `tokenizers` binding (Hugging Face's Rust trainers) on text files and returns the
 * served tokenizer.json. Synchronous and CPU-bound: the service runs it in a child process (see
 * training.ts); the CLI runs it directly.
 */
export function trainTokenizer(files: string[], o: TrainOptions): Record<string, unknown> {
  let tokenizer: tk.Tokenizer;
  if (o.algorithm === 'wordpiece') {
    tokenizer = new tk.Tokenizer(tk.WordPiece.empty() as unknown as tk.Model);
    tokenizer.setNormalizer(tk.bertNormalizer({ lowercase: o.lowercase, stripAccents: o.lowercase }));
    tokenizer.setPreTokenizer(tk.bertPreTokenizer());
  } else if (o.algorithm === 'bpe') {
    tokenizer = new tk.Tokenizer(tk.BPE.empty());
    if (o.lowercase) tokenizer.setNormalizer(tk.sequenceNormalizer([tk.nfcNormalizer(), tk.lowercase()]));
    else tokenizer.setNormalizer(tk.nfcNormalizer());
    tokenizer.setPreTokenizer(tk.byteLevelPreTokenizer(false, true));
  } else {
    tokenizer = new tk.Tokenizer(tk.Unigram.empty());
    tokenizer.setNormalizer(o.lowercase ? tk.sequenceNormalizer([tk.nfkcNormalizer(), tk.lowercase()]) : tk.nfkcNormalizer());
    tokenizer.setPreTokenizer(tk.metaspacePreTokenizer());
  }
  tokenizer.train(files);
  const dir = mkdtempSync(join(tmpdir(), 'tokenserve-train-'));
  try {
    tokenizer.save(join(dir, 'tokenizer.json'));
    const trained = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    const json = finalizeTrained(trained, o, tk.byteLevelAlphabet());
    tk.Tokenizer.fromString(JSON.stringify(json)); // the binding must accept what we serve
    return json;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
