import type { Problem } from '../core/types';

/** Reports each distinct problem once per server lifetime, so a broken rule does not flood the log. */
export class ProblemLog {
  private readonly seen = new Set<string>();

  constructor(private readonly sink: { warn(message: string): void; error(message: string): void }) {}

  report(problems: readonly Problem[]): void {
    for (const p of problems) {
      const where = p.range ? `:${p.range.start.line + 1}:${p.range.start.character + 1}` : '';
      const line = `${p.source}${where}: ${p.message}`;
      if (this.seen.has(line)) continue;
      this.seen.add(line);
      if (p.severity === 'error') this.sink.error(line);
      else this.sink.warn(line);
    }
  }

  /** Logs an unexpected exception once per distinct message. */
  exception(context: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const key = `${context}: ${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.sink.error(`${key}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`);
  }
}
