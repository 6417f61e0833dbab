import type { Config } from '../config.js';
import { errors } from '../errors.js';

/**
 * The one place request texts are checked against the configured limits: a string becomes a batch of
 * one; an empty batch, too many inputs or a too-long input is a 4xx.
 */
export function textBatch(inputs: string | string[], config: Config): string[] {
  const batch = typeof inputs === 'string' ? [inputs] : inputs;
  if (batch.length === 0) throw new errors.EMPTY_INPUT('inputs is an empty array');
  if (batch.length > config.MAX_BATCH_SIZE) throw new errors.BATCH_TOO_LARGE(batch.length, config.MAX_BATCH_SIZE);
  batch.forEach((text, i) => {
    if (text.length > config.MAX_INPUT_CHARS) throw new errors.INPUT_TOO_LONG(i, text.length, config.MAX_INPUT_CHARS);
  });
  return batch;
}

/** TEI's prompt_name: accepted, but no prompts are configured, so only null/absent is valid. */
export function checkPromptName(promptName: string | null | undefined): void {
  if (promptName !== undefined && promptName !== null) throw new errors.INVALID_OPTION(`prompt_name '${promptName}' is not configured (no prompts are defined)`);
}
