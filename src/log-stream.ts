import type { DestinationStream } from 'pino';

/** What BatchedLogStream writes to: pino's sonic-boom destination (pino.destination), asynchronous. */
interface Output {
  write(data: string): boolean;
  flushSync(): void;
}

/**
 * The server's log destination: lines gathered in an array and handed to `out` joined, once `batchChars`
 * characters have gathered or every `flushMs`. sonic-boom's own batching (minLength) measures the byte
 * length of its whole pending buffer on every line, flattening it: a copy of up to the batch per line,
 * and garbage the collector then has to move (docs/MEASUREMENTS.md). Here a line costs an array push.
 */
export class BatchedLogStream implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  constructor(private readonly out: Output, private readonly batchChars: number, flushMs: number) {
    setInterval(() => this.flush(), flushMs).unref();
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.batchChars) this.flush();
  }

  /** Hands the gathered lines to the output (which writes them asynchronously). */
  flush(): void {
    if (this.lines.length === 0) return;
    this.out.write(this.lines.join(''));
    this.lines = [];
    this.chars = 0;
  }

  /** Writes out everything gathered before returning (at exit). */
  flushSync(): void {
    this.flush();
    this.out.flushSync();
  }
}
