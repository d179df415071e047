/**
 * Rooms by their stored key (workspace and branch ids, live-doc-key.ts), so every name a branch has
 * had leads to one room and one Y.Doc: created on demand, loaded before anyone is answered, freed after a
 * durable flush when the last connection leaves. A room whose load fails is dropped at once (its
 * empty doc can never be served or saved: Hocuspocus #382) and its key refuses connections with
 * 1011 until a backoff expires; the next connection after that retries the load.
 */
import type { Logger } from 'pino';
import type { DocKey } from '../core/storage/doc-storage';
import { OmsError } from '../core/errors';
import type { ExtensionPipeline } from './extensions/pipeline';
import { Room, type RoomOptions } from './room';

export class RoomUnavailable extends OmsError {}

const LOAD_RETRY_BASE_MS = 500;
const LOAD_RETRY_MAX_MS = 30_000;

export const roomId = (k: DocKey): string => `${k.workspace}\u0000${k.branch}`;

interface LoadFailure {
  until: number;
  attempts: number;
  message: string;
}

export class RoomRegistry {
  readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<Room, Promise<void>>();
  private readonly failures = new Map<string, LoadFailure>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly options: RoomOptions & { pipeline: ExtensionPipeline; logger: Logger },
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Take a reference on the room stored at `docKey` (addressed as `key`), loading it first if
   * needed. Throws RoomUnavailable.
   */
  async acquire(key: DocKey, docKey: DocKey): Promise<Room> {
    const id = roomId(docKey);
    const failure = this.failures.get(id);
    if (failure && Date.now() < failure.until) {
      throw new RoomUnavailable('ROOM_LOAD_FAILED', `document could not be loaded (${failure.message}); retry later`);
    }
    let room = this.rooms.get(id);
    if (!room) {
      room = new Room(key, docKey, this.options);
      this.rooms.set(id, room);
      this.loading.set(room, this.load(room, id));
    }
    room.refs++;
    if (room.state === 'unloading') room.state = 'ready';
    const pending = this.loading.get(room);
    if (pending) {
      try {
        await pending;
      } catch (err) {
        room.refs--;
        throw err;
      }
    }
    return room;
  }

  private async load(room: Room, id: string): Promise<void> {
    try {
      await room.load();
      this.failures.delete(id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = (this.failures.get(id)?.attempts ?? 0) + 1;
      const delay = Math.min(LOAD_RETRY_MAX_MS, LOAD_RETRY_BASE_MS * 2 ** (attempts - 1));
      this.failures.set(id, { until: Date.now() + delay, attempts, message });
      room.state = 'failed';
      this.rooms.delete(id);
      room.destroy();
      this.options.stats.countError('load_failed');
      this.options.logger.error({ room: room.name, err: message, attempts, retryInMs: delay }, 'loading document failed; refusing its connections');
      throw new RoomUnavailable('ROOM_LOAD_FAILED', `document could not be loaded (${message}); retry later`);
    } finally {
      this.loading.delete(room);
    }
  }

  release(room: Room): void {
    room.refs--;
    if (room.refs > 0 || room.state !== 'ready') return;
    room.state = 'unloading';
    room.whenSettled(() => {
      // A room taken again while it waited, then released again, has queued one waiter per
      // release: only the first may unload it.
      if (room.state !== 'unloading' || room.refs > 0) return;
      room.state = 'unloaded';
      if (this.rooms.get(roomId(room.docKey)) === room) this.rooms.delete(roomId(room.docKey));
      room.destroy();
      this.options.pipeline.unloadDocument({ key: room.key, docKey: room.docKey }).catch((err: unknown) => {
        this.options.logger.error({ room: room.name, err: (err as Error).message }, 'unload hook failed');
      });
      if (this.rooms.size === 0) this.notifyIdle();
    });
  }

  /** The loaded room addressed by `workspace`/`branch` now (after a rename, its new name), if any. */
  named(workspace: string, branch: string): Room | undefined {
    for (const room of this.rooms.values()) if (room.key.workspace === workspace && room.key.branch === branch) return room;
    return undefined;
  }

  /** The loaded room stored at `docKey`, if any. */
  loaded(docKey: DocKey): Room | undefined {
    return this.rooms.get(roomId(docKey));
  }

  /** Resolves when no room is loaded (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.rooms.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Shutdown past its timeout: free every room still loaded, so none keeps retrying a store that is
   * about to close. Returns the rooms whose updates were never made durable (lost; the caller logs).
   */
  abandonAll(): string[] {
    const lost: string[] = [];
    for (const room of this.rooms.values()) {
      if (!room.settled) lost.push(room.name);
      room.destroy();
    }
    this.rooms.clear();
    this.notifyIdle();
    return lost;
  }

  /** Make everything durable that any room holds (shutdown). */
  async settleAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((r) => r.settle()));
  }
}
