import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Review } from './reviewer';
import type { FaultlineSettings } from './settings';

/** What the cache needs from the server; all injected so the cache is testable in memory. */
export interface AnalysisCacheDeps {
  settings(uri: string): Promise<FaultlineSettings>;
  /**
   * Synchronous analysis of the document's current text; `previous` is the last review of the
   * same document, whose model the analysis may reuse. May throw; the cache contains it.
   */
  review(doc: TextDocument, settings: FaultlineSettings, previous: Review | undefined): Review;
  /** Called once per finished analysis that is still current. */
  onReview(review: Review): void;
  onError(uri: string, err: unknown): void;
}

interface Waiter {
  version: number;
  resolve(review: Review | undefined): void;
}

interface Entry {
  /** Latest version seen; only this version is ever analysed. */
  version: number;
  /** Bumped on every schedule, so a debounce timer from an older schedule can tell it is stale. */
  generation: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  scheduled: boolean;
  review: Review | undefined;
  waiters: Waiter[];
}

/**
 * One analysis per (uri, version). A new version cancels the pending debounce of the old one and
 * resolves everyone waiting on an older version with `undefined` ("superseded"), so a stale
 * result can never be published over a newer one.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: AnalysisCacheDeps) {}

  /** Notes the document's current version and analyses it after the debounce. Idempotent per version. */
  schedule(doc: TextDocument): void {
    const e = this.entry(doc.uri);
    if (e.version === doc.version && (e.scheduled || e.review?.version === doc.version)) return;
    this.restart(e, doc);
  }

  /** Re-analyses a document even if its version is unchanged (settings, config or file switch changed). */
  invalidate(doc: TextDocument): void {
    const e = this.entry(doc.uri);
    e.review = undefined;
    this.restart(e, doc);
  }

  /** The review of exactly this version, or `undefined` if a newer version arrives (or the document closes) first. */
  get(doc: TextDocument): Promise<Review | undefined> {
    const e = this.entry(doc.uri);
    if (e.review?.version === doc.version) return Promise.resolve(e.review);
    if (doc.version < e.version) return Promise.resolve(undefined);
    this.schedule(doc);
    return new Promise((resolve) => e.waiters.push({ version: doc.version, resolve }));
  }

  /** The latest finished review, whatever its version. */
  latest(uri: string): Review | undefined {
    return this.entries.get(uri)?.review;
  }

  close(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.entries.delete(uri);
    for (const w of e.waiters) w.resolve(undefined);
  }

  private entry(uri: string): Entry {
    let e = this.entries.get(uri);
    if (!e) {
      e = { version: -Infinity, generation: 0, timer: undefined, scheduled: false, review: undefined, waiters: [] };
      this.entries.set(uri, e);
    }
    return e;
  }

  private restart(e: Entry, doc: TextDocument): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    e.version = doc.version;
    e.scheduled = true;
    const generation = ++e.generation;
    this.settle(e, (w) => w.version < doc.version, undefined);
    this.deps.settings(doc.uri).then(
      (settings) => {
        if (e.generation !== generation) return;
        const run = (): void => {
          e.timer = undefined;
          if (e.generation === generation) this.run(e, doc, settings);
        };
        if (settings.debounceMs <= 0) run();
        else e.timer = setTimeout(run, settings.debounceMs);
      },
      (err: unknown) => this.deps.onError(doc.uri, err),
    );
  }

  private run(e: Entry, doc: TextDocument, settings: FaultlineSettings): void {
    e.scheduled = false;
    // TextDocuments updates documents in place: if the version moved on, a newer schedule owns it.
    if (doc.version !== e.version || this.entries.get(doc.uri) !== e) return;
    let review: Review;
    try {
      review = this.deps.review(doc, settings, e.review);
    } catch (err) {
      this.deps.onError(doc.uri, err);
      review = { uri: doc.uri, version: doc.version, reviewed: false, analysis: undefined, findings: [], settings };
    }
    e.review = review;
    this.settle(e, (w) => w.version <= review.version, review);
    this.deps.onReview(review);
  }

  private settle(e: Entry, match: (w: Waiter) => boolean, review: Review | undefined): void {
    const keep: Waiter[] = [];
    for (const w of e.waiters) {
      if (!match(w)) keep.push(w);
      else w.resolve(review && w.version === review.version ? review : undefined);
    }
    e.waiters = keep;
  }
}
