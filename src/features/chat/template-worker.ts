/**
 * Worker thread that renders request-supplied chat templates (isolated-render.ts): a template a client
 * wrote may loop or build huge strings through paths the step counter cannot see (a filter's own
 * allocation), so it runs where a memory limit and a timeout can stop it without touching the service.
 */
import { parentPort } from 'node:worker_threads';
import { ChatTemplate, TemplateError, TemplateLimitError, type RenderLimits } from '../../tokenizers/chat-template.js';

/** A job: the template's source, its variables and limits. */
export interface RenderJob {
  source: string;
  context: Record<string, unknown>;
  /** With a wall-clock bound: a client's template always has one. */
  limits: RenderLimits & { maxMs: number };
}

/** The outcome: the text, or why not (`error`: the template's fault or message; `limit`: a bound hit). */
export type RenderReply = { ok: true; text: string } | { ok: false; kind: 'error' | 'limit'; message: string };

const parsed = new Map<string, ChatTemplate>();

parentPort!.on('message', (job: RenderJob) => {
  let reply: RenderReply;
  try {
    let template = parsed.get(job.source);
    if (!template) {
      template = new ChatTemplate(job.source);
      if (parsed.size >= 32) parsed.delete(parsed.keys().next().value!);
      parsed.set(job.source, template);
    }
    reply = { ok: true, text: template.render(job.context, job.limits) };
  } catch (err) {
    const kind = err instanceof TemplateLimitError ? 'limit' : 'error';
    reply = { ok: false, kind, message: err instanceof TemplateError || err instanceof TemplateLimitError ? err.message : `the chat template failed: ${(err as Error).message}` };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage('ready');
