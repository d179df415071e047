/**
 * The backend's validation worker thread (started on first use, apart from the store worker's):
 * keeps open docs' findings up to date in proportion to each change (live-validation.ts) and
 * validates whole doc states, off main's event loop. A crashed worker fails its pending requests
 * and is replaced on the next one (which then knows no doc: LIVE_UNKNOWN).
 */
import type { DocKey } from '../../../../core/storage/doc-storage';
import type { Diagnostic } from '../../../../core/validate';
import type { LiveEntity } from './live-validation';
import { WorkerRequests } from './worker-requests';

/**
 * Nice value of the validation thread. Its passes are background work (the page validates on its
 * own for what it shows); on a two-core box a whole pass of a big doc would otherwise take a core
 * from the page right when it opens or while someone types.
 */
const VALIDATION_NICE = 10;

export class Validator {
  private readonly thread: WorkerRequests;

  constructor(entry: URL | string, storeDir: string) {
    this.thread = new WorkerRequests(entry, storeDir, 'validation worker', undefined, VALIDATION_NICE);
  }

  async validate(state: Uint8Array): Promise<Diagnostic[]> {
    // Transfer, not copy: the state was encoded for this message only.
    return (await this.thread.request({ type: 'validate-state', state }, [state.buffer as ArrayBuffer])).diagnostics;
  }

  /**
   * Start keeping `doc`'s findings in the worker from its whole state (once per doc and worker);
   * its findings. The state is transferred: encode it for this call only.
   */
  async liveInit(doc: string, state: Uint8Array): Promise<Diagnostic[]> {
    return (await this.thread.request({ type: 'live-init', doc, state }, [state.buffer as ArrayBuffer])).diagnostics;
  }

  /** Start keeping `doc`'s findings from its stored state (`file`, `key`), read by the worker; the first livePatch after it carries main's state vector. */
  async liveLoad(doc: string, file: string, key: DocKey): Promise<void> {
    await this.thread.request({ type: 'live-load', doc, file, key });
  }

  /**
   * The findings of `doc` after the elements it changed since the last live call; LIVE_UNKNOWN when
   * the worker lost it (restarted), LIVE_AHEAD when the stored state it started from holds updates
   * main's doc (`vector`) lacks.
   */
  async livePatch(doc: string, header: string | undefined, entities: LiveEntity[], vector?: Uint8Array): Promise<Diagnostic[]> {
    return (await this.thread.request({ type: 'live-patch', doc, header, entities, ...(vector ? { vector } : {}) })).diagnostics;
  }

  /** Forget `doc` in the worker (its branch closed). */
  async liveDrop(doc: string): Promise<void> {
    await this.thread.request({ type: 'live-drop', doc });
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
