/**
 * The `problems` stream of an open doc: a change schedules a validation after a quiet moment;
 * while one runs, further changes only mark it stale, so at most one runs per doc and the last
 * state is always validated.
 *
 * In proportion to the change: the validation worker keeps the doc's ontology and findings
 * (jobs/live-validation.ts). It reads the doc's stored state itself for the first pass (main
 * encodes the doc only where it cannot: no stored state given, or the stored state turned out to
 * hold what the doc lacks); after that main sends only the elements changed since the previous
 * pass (ids from the doc's transactions, read and canonicalised as a commit reads them), so a
 * keystroke into a 50k-type branch costs main the few elements it touched, not an encode of the
 * doc. A worker that lost the doc (restarted) gets the whole state.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { Diagnostic } from '../../../core/validate';
import { quietTime } from '../../../core/validate/quiet-time';
import { observeChangedIds } from '../../../core/yjs';
import { OmsError } from '../../../core/errors';
import type { DocKey } from '../../../core/storage/doc-storage';
import { readLivePatch } from '../store/live-patch';
import type { LiveEntity } from './jobs/live-validation';
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

/** A replica that takes longer than this to read a doc (50k types: about a minute on a loaded box) no longer holds its validation. */
const HOLD_MAX_MS = 5 * 60_000;

/**
 * A hold on a doc's validation: while any is held no pass starts (one already running finishes).
 * `release` is idempotent, so every way a holder can end (done, closed, disconnected) may call it.
 */
export interface ValidationHold {
  release(): void;
}

/**
 * What the worker holds of this doc: nothing yet; its stored state (the next patch brings every
 * change since the doc was loaded, and main's state vector to check the stored state against); or
 * the doc as of the last pass.
 */
type LiveMode = 'unsent' | 'loaded' | 'kept';

/** Where the doc's stored state is, for the worker to read it itself instead of main encoding the doc. */
export interface StoredDoc {
  file: string;
  key: DocKey;
}

export class ProblemsScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stale = false;
  private stopped = false;
  /** Holders (replicas still reading the initial state) and whether a change came while held. */
  private holds = 0;
  private heldChange = false;
  /** How long the last pass took, reading the change to answer. */
  private lastMs = 0;
  /** The doc's name in the worker. */
  private readonly id = randomUUID();
  private mode: LiveMode = 'unsent';
  /** Top-level element ids changed since the state the worker holds. */
  private readonly dirty = new Set<string>();
  private readonly unobserve: () => void;

  constructor(
    private readonly doc: Y.Doc,
    private readonly validator: Validator,
    private readonly delayMs: () => number,
    private readonly publish: (diagnostics: Diagnostic[]) => void,
    private readonly keep?: KeepValidation,
    /** Where the doc is stored, when storage holds all the doc has (nothing queued): the first pass reads it in the worker. */
    private stored?: StoredDoc,
    /** The wait after the last hold is released before the pass it held back (at least the usual quiet time). */
    private readonly settleMs: () => number = () => 0,
  ) {
    // Every origin counts (local, replicas, catch-up from other processes): the worker's copy must
    // follow the doc, not the user.
    this.unobserve = observeChangedIds(doc, (changed) => {
      for (const id of changed.ids) this.dirty.add(id);
    });
  }

  changed(): void {
    if (this.stopped) return;
    if (this.holds > 0) {
      this.heldChange = true;
      return;
    }
    if (this.running) {
      this.stale = true;
      return;
    }
    this.schedule(quietTime(this.lastMs, this.delayMs(), MAX_DELAY_MS));
  }

  /**
   * Hold passes back until released: a replica reading a big doc's initial state takes one, so the
   * backend's first whole pass (seconds of a core at 50k) does not run while the page is still
   * applying the state and starting its own validation on a box with two cores. The pass held
   * back runs after the last release and a settle interval, without anyone editing. `maxMs`: a
   * holder that stalls without going away (a hung window) lets go by itself after this long.
   */
  hold(maxMs = HOLD_MAX_MS): ValidationHold {
    this.holds++;
    // A pass already waiting would start mid-hold: it waits for the release instead.
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.heldChange = true;
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(cap);
      this.holds--;
      if (this.holds > 0 || !this.heldChange || this.stopped) return;
      this.heldChange = false;
      if (this.running) this.stale = true;
      else this.schedule(Math.max(this.settleMs(), quietTime(this.lastMs, this.delayMs(), MAX_DELAY_MS)));
    };
    const cap = setTimeout(release, maxMs);
    cap.unref();
    return { release };
  }

  /** What the scheduler is doing now (tests and diagnostics read it; nothing decides on it). */
  get state(): 'idle' | 'held' | 'waiting' | 'running' {
    if (this.running) return 'running';
    if (this.holds > 0) return 'held';
    return this.timer === undefined ? 'idle' : 'waiting';
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.running = true;
    this.stale = false;
    const started = performance.now();
    try {
      const { diagnostics, key } = await this.validate();
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

  /**
   * The doc's findings now, sending the worker as little as it needs, and the store key of the
   * state they are for: taken in the same tick as the state is read.
   */
  private async validate(): Promise<{ diagnostics: Diagnostic[]; key: string | undefined }> {
    if (this.mode === 'unsent' && this.stored) {
      // Stored state is read by the worker; every change since the doc was loaded is in `dirty`.
      const { file, key } = this.stored;
      this.stored = undefined; // once: a restarted worker gets the doc whole (sent changes may not be on disk yet)
      try {
        await this.validator.liveLoad(this.id, file, key);
        this.mode = 'loaded';
      } catch (err) {
        // A closed backend has no worker to send the doc to either (the held-back first pass can
        // meet the shutdown): nothing to fall back to.
        if (err instanceof OmsError && err.code === 'TRANSPORT_CLOSED') throw err;
        console.error(`the validation worker could not read the stored doc, sending it whole: ${(err as Error).message}`);
      }
    }
    if (this.mode !== 'unsent') {
      const key = this.keep?.key();
      const ids = [...this.dirty];
      this.dirty.clear();
      let patch: ReturnType<typeof readLivePatch>;
      try {
        patch = readLivePatch(this.doc, ids, true);
      } catch (err) {
        // The doc does not read (a bad element): keep the ids for the pass after the repair.
        for (const id of ids) this.dirty.add(id);
        throw err;
      }
      const entities: LiveEntity[] = [...patch.entities].map(([id, at]) => [id, at && { collection: at.collection, body: at.body }]);
      try {
        const vector = this.mode === 'loaded' ? Y.encodeStateVector(this.doc) : undefined;
        const diagnostics = await this.validator.livePatch(this.id, patch.header, entities, vector);
        this.mode = 'kept';
        return { diagnostics, key };
      } catch (err) {
        const code = err instanceof OmsError ? err.code : undefined;
        if (code !== 'LIVE_UNKNOWN' && code !== 'LIVE_AHEAD') {
          for (const id of ids) this.dirty.add(id);
          throw err;
        }
        // A restarted worker, or stored state ahead of this doc (another process appended): whole.
        this.mode = 'unsent';
      }
    }
    this.dirty.clear();
    const key = this.keep?.key();
    const state = Y.encodeStateAsUpdate(this.doc);
    try {
      const diagnostics = await this.validator.liveInit(this.id, state);
      this.mode = 'kept';
      return { diagnostics, key };
    } catch (err) {
      if (err instanceof OmsError && (err.code === 'DOC_INVALID' || err.code === 'TRANSPORT_CLOSED')) throw err;
      // A worker that cannot keep the doc (it failed the request): this pass validates the state
      // whole, as before live validation, and the next one asks again.
      console.error(`live validation unavailable, validating whole: ${(err as Error).message}`);
      return { diagnostics: await this.validator.validate(Y.encodeStateAsUpdate(this.doc)), key };
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unobserve();
    void this.validator.liveDrop(this.id).catch(() => undefined);
  }
}
