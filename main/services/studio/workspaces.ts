/**
 * The workspaces the backend has open. A Workspace (one SQLite file) is opened on first use and kept
 * open, so every call after the first is a lookup; opening the same name twice at once shares one
 * handle (two handles on one file would each keep their own branch sessions and fight).
 */
import { existsSync, rmSync } from 'node:fs';
import type { Ontology } from '../../../core/model';
import { StudioError, type WorkspaceInfo } from '../../../core/contract/studio-api';
import { Workspace, workspaceFile, type WorkspaceOptions } from '../store';

export class WorkspaceRegistry {
  private readonly open = new Map<string, Promise<Workspace>>();

  constructor(
    readonly root: string,
    private readonly options: WorkspaceOptions = {},
    /** Runs before a workspace file is first opened (the backend's integrity check, off main's loop). */
    private readonly beforeOpen: (file: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  list(): Array<{ name: string; bytes: number }> {
    return Workspace.list(this.root).map((w) => ({ name: w.name, bytes: w.bytes }));
  }

  get(name: string): Promise<Workspace> {
    const existing = this.open.get(name);
    if (existing) return existing;
    const file = workspaceFile(this.root, name);
    // A missing file is Workspace.open's to report (WORKSPACE_NOT_FOUND), not the check's.
    const opening = (existsSync(file) ? this.beforeOpen(file) : Promise.resolve()).then(() => Workspace.open(this.root, name, this.options));
    this.open.set(name, opening);
    opening.catch(() => this.open.delete(name));
    return opening;
  }

  async create(name: string, from?: Ontology): Promise<Workspace> {
    if (this.open.has(name)) throw new StudioError('WORKSPACE_EXISTS', `workspace "${name}" already exists`, { workspace: name });
    const creating = Workspace.create(this.root, name, { ...this.options, ...(from ? { from } : {}) });
    this.open.set(name, creating);
    creating.catch(() => this.open.delete(name));
    return creating;
  }

  /** Forget a handle so the next `get` reopens the file (a job in a worker created it meanwhile). */
  async release(name: string): Promise<void> {
    const ws = this.open.get(name);
    if (!ws) return;
    this.open.delete(name);
    await (await ws).close();
  }

  async delete(name: string): Promise<void> {
    const file = workspaceFile(this.root, name);
    if (!this.list().some((w) => w.name === name)) throw new StudioError('WORKSPACE_NOT_FOUND', `no workspace "${name}"`, { workspace: name });
    await this.release(name);
    // The WAL and shared-memory files go too, or a new workspace of the same name would replay them.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const ws of all) await ws.then((w) => w.close(), () => undefined);
  }
}

export function workspaceInfo(ws: Workspace): WorkspaceInfo {
  return { name: ws.name, id: ws.id, defaultBranch: ws.defaultBranch, branches: ws.listBranches() };
}
