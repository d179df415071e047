/**
 * The `problems` stream of an open doc: a change schedules a validation after a quiet moment;
 * while one runs, further changes only mark it stale, so at most one runs per doc and the last
 * state is always validated. Main only encodes the state; decoding and validating happen in the
 * validation worker. Encoding is O(doc) on main's loop (hundreds of ms at 50k types on a loaded
 * box), so the quiet time is at least as long as the last pass took: while someone types into a
 * big branch, passes do not run back to back and main stays free for their pushes.
 */
import * as Y from 'yjs';
import type { Diagnostic } from '../../../core/validate';
import { quietTime } from '../../../core/validate/quiet-time';
import type { Validator } from './jobs/validator';

/**
 * Hand each validation's findings back to the store under the snapshot address of the state that
 * was validated (taken in the same tick as the state), so committing that state validates nothing.
 */
export interface KeepValidation {
  key: () => string | undefined;
  record: (key: string, diagnostics: Diagnostic[]) => void;
}

/** However slow the last pass, the wait it adds after typing stops is at most this. */
const MAX_DELAY_MS = 3000;

export class ProblemsScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stale = false;
  private stopped = false;
  /** How long the last pass took, encode to answer. */
  private lastMs = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly validator: Validator,
    private readonly delayMs: () => number,
    private readonly publish: (diagnostics: Diagnostic[]) => void,
    private readonly keep?: KeepValidation,
  ) {}

  changed(): void {
    if (this.stopped) return;
    if (this.running) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), quietTime(this.lastMs, this.delayMs(), MAX_DELAY_MS));
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.running = true;
    this.stale = false;
    const started = performance.now();
    try {
      const key = this.keep?.key();
      const diagnostics = await this.validator.validate(Y.encodeStateAsUpdate(this.doc));
      if (!this.stopped) this.publish(diagnostics);
      if (key !== undefined && !this.stopped) this.keep?.record(key, diagnostics);
    } catch (err) {
      // A failed validation publishes nothing rather than "no problems"; the next change retries.
      if (!this.stopped) console.error(`validation of an open document failed: ${(err as Error).message}`);
    } finally {
      this.lastMs = performance.now() - started;
      this.running = false;
      if (this.stale) this.changed();
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
