import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as jinja from '@huggingface/jinja';

/** Bounds on one rendering: a template that loops or explodes stops with TemplateLimitError. */
export interface RenderLimits {
  /** Most evaluation steps (expressions evaluated plus blocks rendered, loop iterations included). */
  maxSteps: number;
  /** Most characters of any one string value, and of the rendered text. */
  maxChars: number;
  /**
   * Wall-clock bound, checked every few hundred steps. Only for templates a client sends: on a loaded
   * machine a model's own template could pass it with an ordinary conversation, and steps and characters
   * bound that one already.
   */
  maxMs?: number;
}

/** A template ran past one of its RenderLimits. */
export class TemplateLimitError extends Error {}

/** The template failed: a parse error, a runtime error or its own `raise_exception(message)`. */
export class TemplateError extends Error {}

// The package's declaration files import their siblings without extensions, which NodeNext resolution
// cannot follow: the parts used here are typed by hand.
interface RuntimeValue { type: string; value: unknown }
interface Environment { set(name: string, value: unknown): unknown }
interface InterpreterApi {
  run(program: Program): RuntimeValue;
  evaluate(statement: unknown, environment: Environment): RuntimeValue;
  /** Private in the package's typings, but every loop iteration, branch and macro body goes through it. */
  renderBlock(statements: unknown[], environment: Environment): string;
}
type Program = { type: 'Program' };
const Interpreter = jinja.Interpreter as unknown as new (env: Environment) => InterpreterApi;
const Environment = jinja.Environment as unknown as new (parent?: Environment) => Environment;
const parse = jinja.parse as (tokens: unknown) => Program;
const tokenize = jinja.tokenize as (source: string, options: { lstrip_blocks: boolean; trim_blocks: boolean }) => unknown;

/**
 * @huggingface/jinja's interpreter, counting its work so that a rendering stays within its limits. Both
 * overrides are methods of this class (not properties set per rendering), so the interpreter's calls
 * keep one shape for the engine to optimize.
 */
class BoundedInterpreter extends Interpreter {
  private steps = 0;
  /** Characters of all blocks rendered (nested blocks count again: an upper bound of the output's growth). */
  private produced = 0;
  private readonly deadline: number;

  constructor(env: Environment, private readonly limits: RenderLimits) {
    super(env);
    this.deadline = limits.maxMs === undefined ? Infinity : performance.now() + limits.maxMs;
  }

  private step(): void {
    this.steps++;
    if (this.steps > this.limits.maxSteps) throw new TemplateLimitError(`the template took more than ${this.limits.maxSteps} steps`);
    if ((this.steps & 255) === 0 && performance.now() > this.deadline) throw new TemplateLimitError(`the template ran longer than ${this.limits.maxMs} ms`);
  }

  override renderBlock(statements: unknown[], environment: Environment): string {
    this.step();
    const out = super.renderBlock(statements, environment);
    this.produced += out.length;
    if (this.produced > this.limits.maxChars * 8) throw new TemplateLimitError(`the template produced more than ${this.limits.maxChars * 8} characters`);
    return out;
  }

  override evaluate(statement: unknown, environment: Environment): RuntimeValue {
    this.step();
    const value = super.evaluate(statement, environment);
    if (typeof value.value === 'string' && value.value.length > this.limits.maxChars) {
      throw new TemplateLimitError(`the template built a string of more than ${this.limits.maxChars} characters`);
    }
    return value;
  }
}

const MONTHS_SHORT = new Intl.DateTimeFormat('en-US', { month: 'short' });
const MONTHS_LONG = new Intl.DateTimeFormat('en-US', { month: 'long' });

/** Python's strftime for the directives chat templates use (e.g. Llama 3.1's "%d %b %Y"). */
function strftimeNow(format: string): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return String(format).replace(/%[YmdbBHM%]/g, (d) => ({
    '%Y': String(now.getFullYear()), '%m': pad(now.getMonth() + 1), '%d': pad(now.getDate()),
    '%b': MONTHS_SHORT.format(now), '%B': MONTHS_LONG.format(now), '%H': pad(now.getHours()), '%M': pad(now.getMinutes()), '%%': '%',
  })[d]!);
}

/** Most items `range()` may build (it builds its array at once, before any step is counted). */
const MAX_RANGE_ITEMS = 100_000;

/** The globals @huggingface/jinja's Template gives, `range` bounded and `raise_exception` throwing a TemplateError. */
const GLOBALS: Record<string, unknown> = {
  false: false, true: true, none: null, False: false, True: true, None: null,
  raise_exception: (message: unknown) => { throw new TemplateError(String(message)); },
  strftime_now: strftimeNow,
  range: (start: number, stop?: number, step = 1) => {
    const [a, b] = stop === undefined ? [0, start] : [start, stop];
    if (step === 0) throw new TemplateError('range() step must not be zero');
    const n = Math.max(0, Math.ceil((b - a) / step));
    if (!Number.isFinite(n) || n > MAX_RANGE_ITEMS) throw new TemplateLimitError(`range() of ${n} items is over the limit of ${MAX_RANGE_ITEMS}`);
    return Array.from({ length: n }, (_, i) => a + i * step);
  },
};

/** A parsed Jinja chat template (Hugging Face's dialect: trim_blocks and lstrip_blocks on). */
export class ChatTemplate {
  private readonly program: Program;
  /** GLOBALS as template values, converted once: each rendering's variables live in a child of it. */
  private readonly globals = new Environment();

  /** Parses `source`; a TemplateError tells why it cannot be parsed. */
  constructor(source: string) {
    try {
      this.program = parse(tokenize(source, { lstrip_blocks: true, trim_blocks: true }));
    } catch (err) {
      throw new TemplateError(`the chat template cannot be parsed: ${(err as Error).message}`);
    }
    for (const key in GLOBALS) this.globals.set(key, GLOBALS[key]);
  }

  /** Renders with `context` as its variables, within `limits` (TemplateError, TemplateLimitError otherwise). */
  render(context: Record<string, unknown>, limits: RenderLimits): string {
    const env = new Environment(this.globals);
    for (const key in context) env.set(key, context[key]);
    let out: string;
    try {
      out = new BoundedInterpreter(env, limits).run(this.program).value as string;
    } catch (err) {
      if (err instanceof TemplateError || err instanceof TemplateLimitError) throw err;
      // A runaway recursion (a macro calling itself) ends in a RangeError: a limit, not a template bug.
      if (err instanceof RangeError) throw new TemplateLimitError(`the template recursed too deeply or grew too large (${err.message})`);
      throw new TemplateError(`the chat template failed: ${(err as Error).message}`);
    }
    if (out.length > limits.maxChars) throw new TemplateLimitError(`the rendered text has ${out.length} characters, over the limit of ${limits.maxChars}`);
    return out;
  }
}

/** Special-token variables a template sees, as Python transformers passes its special_tokens_map. */
const SPECIAL_TOKEN_KEYS = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'];

/** A tokenizer's chat templates (one, or several by name) and the special tokens they are rendered with. */
export interface ChatTemplates {
  /** By name; a single template is called `default` (as in Python transformers). */
  templates: Map<string, ChatTemplate>;
  /** bos_token, eos_token, … additional_special_tokens and extra_special_tokens from tokenizer_config.json. */
  specialTokens: Record<string, string | string[]>;
}

/** A token in tokenizer_config.json: a string or an AddedToken object `{content, …}`. */
function tokenText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return null;
}

/** The special-token variables of a tokenizer_config.json. */
function specialTokenVariables(config: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of SPECIAL_TOKEN_KEYS) {
    const text = tokenText(config[key]);
    if (text !== null) out[key] = text;
  }
  if (Array.isArray(config.additional_special_tokens)) {
    out.additional_special_tokens = config.additional_special_tokens.map(tokenText).filter((t): t is string => t !== null);
  }
  const extra = config.extra_special_tokens;
  if (typeof extra === 'object' && extra !== null && !Array.isArray(extra)) {
    for (const [key, value] of Object.entries(extra)) {
      const text = tokenText(value);
      if (text !== null) out[key] = text;
    }
  }
  return out;
}

/**
 * The chat templates of a tokenizer folder: `chat_template.jinja` (the Hub's newer layout) or
 * tokenizer_config.json's `chat_template` (a string, or a list of `{name, template}`). Null when it has
 * none. Each template is parsed here, once; a template that cannot be parsed fails the load.
 */
export async function loadChatTemplates(dir: string, config: Record<string, unknown>): Promise<ChatTemplates | null> {
  const sources = new Map<string, string>();
  try {
    sources.set('default', await readFile(join(dir, 'chat_template.jinja'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const field = config.chat_template;
    if (typeof field === 'string') sources.set('default', field);
    else if (Array.isArray(field)) {
      for (const entry of field as { name?: unknown; template?: unknown }[]) {
        if (typeof entry?.name === 'string' && typeof entry.template === 'string') sources.set(entry.name, entry.template);
      }
    }
  }
  if (sources.size === 0) return null;
  const templates = new Map([...sources].map(([name, source]) => [name, new ChatTemplate(source)]));
  return { templates, specialTokens: specialTokenVariables(config) };
}
