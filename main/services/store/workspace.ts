/**
 * The workspace store: one SQLite file per workspace holding its branches' live Yjs docs
 * (SqliteDocStorage), the commit DAG, per-entity content-addressed snapshots and tags.
 * The desktop's IPC handlers, the CLI and the web host all use this class; it never imports electron.
 *
 * Why one file per workspace (not one per app): a workspace is the unit users copy, back up, share
 * and delete, and damage to one file stays in that workspace; each file has its own WAL writer lock,
 * so a long compaction or import in one workspace never blocks typing in another.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as Y from 'yjs';
import { canonicalJson, canonicalView, emptyOntology, newId, parseOntology, type Ontology } from '../../../core/model';
import type { DocKey } from '../../../core/storage/doc-storage';
import type { HistoryObject } from '../../../core/contract/history-api';
import { ORIGIN, applyOntology, docToOntology, isIncomplete, ontologyToDoc, type Origin } from '../../../core/yjs';
import { diffOntologies, type OntologyDiff } from '../../../core/diff';
import { merge3, type Conflict } from '../../../core/merge';
import { validate, type Diagnostic } from '../../../core/validate';
import { BranchSession, docFromState, type BranchSessionOptions } from './branch-session';
import { CommitGraph, type Commit } from './commit-graph';
import { DirtyTracker, LiveBaseRecords } from './dirty-ids';
import { StoreError, environmentError, fsCode, isUniqueViolation, translateSqliteError } from './errors';
import { migrate } from './migrations';
import { ObjectStore } from './object-store';
import { WORKSPACE_FILE_SUFFIX, checkWorkspaceName, workspaceFile } from './paths';
import { readLivePatch } from './live-patch';
import { ManifestReader } from './changed-ids';
import type { PreparedOntology } from './prepared-ontology';
import { EntityIndex, INDEX_NEIGHBOURS, indexUnavailable, indexWrittenSnapshot } from './entity-index';
import { IncrementalUnsupported, patchFindings } from './incremental-validate';
import { SnapshotStore, prepareSnapshot, type PreparedSnapshot, type SnapshotPatch, type SnapshotWrite } from './snapshots';
import { openStoreDatabase, type Durability, type SqliteDatabase } from './sqlite-file';
import { SqliteDocStorage } from './sqlite-doc-storage';
import { WORKSPACE_MIGRATIONS } from './workspace-schema';

export interface WorkspaceOptions {
  durability?: Durability;
  /** Run `PRAGMA quick_check` when opening (default true). */
  verify?: boolean;
  session?: BranchSessionOptions;
  /** Compact a branch doc when its tail exceeds this many updates at session close (default 1000). */
  compactThreshold?: number;
  /**
   * Given, a closed session's compaction and working-cache write (both read the whole doc: seconds
   * on a big branch) are left to this, called with the workspace and branch name once the session
   * is gone; the studio runs them in its store worker.
   */
  settleClosed?: (workspace: string, branch: string) => void;
  /** Clock for commit times (tests). */
  now?: () => number;
  /**
   * Open for reading only (log, cat, diff, show, export): no migration, no cache write, no lock, so
   * a read-only file or a store busy with a long write can still be read. Writes are refused.
   */
  readOnly?: boolean;
  /** How long a write waits for another process's write lock before STORE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
}

export interface CreateWorkspaceOptions extends WorkspaceOptions {
  /** Initial content of `main` (default: an empty ontology named after the workspace). */
  from?: Ontology;
  /** `from` is parseOntology's (or parseOntologyText's) own output, canonical already: not walked again to canonicalise it. */
  parsed?: boolean;
  /** Instead of `from`: a file's content prepared for the store (prepareOntologyText), written as it is. */
  prepared?: PreparedOntology;
  author?: string;
  message?: string;
  /**
   * Start from another store's history instead (a clone): these objects, verified as pushes are, and
   * `main` at their commit `root`, reproduced exactly whatever version its snapshot address is.
   */
  history?: { objects: readonly HistoryObject[]; root: string };
}

export interface BranchInfo {
  id: string;
  name: string;
  head: string;
  protected: boolean;
  upstream: string | null;
  createdAt: number;
}

export interface TagInfo {
  name: string;
  commit: string;
  message: string;
  version: string | null;
  tagger: string;
  createdAt: number;
}

export interface WorkspaceInfo {
  name: string;
  file: string;
  bytes: number;
}

export interface CommitOptions {
  message: string;
  author: string;
  /** Extra parents after the branch head (a merge commit). */
  mergeParents?: string[];
  /** Commit even when the working state equals the head (default false: COMMIT_EMPTY). */
  allowEmpty?: boolean;
}

export interface CommitOutcome {
  commit: Commit;
  /** Non-blocking findings (INFO/WARN/ERROR) at commit time. */
  diagnostics: Diagnostic[];
  newEntityRows: number;
  /**
   * How the snapshot was obtained: the doc-less branch's stored working snapshot, the base snapshot
   * patched with a live doc's tracked changes, or a read of the whole working state.
   */
  snapshotFrom: 'working-snapshot' | 'changed-entities' | 'whole-state';
  /**
   * A live branch's commit: how its findings were obtained — kept with the snapshot already, from
   * the base's findings and the changed entities (incremental-validate.ts), or by validating whole.
   */
  validatedBy?: LiveValidation;
}

export type LiveValidation = 'stored' | 'changed-entities' | 'whole-state';

/** A ref naming the working state of a branch in `diff`. */
export const WORKING = Symbol('working state');
export type DiffSide = string | typeof WORKING;

const BRANCH_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$/;
const TAG_NAME = BRANCH_NAME;
const REF = /^(.+?)((?:~\d*)*)$/;

/** A live doc's state as its base snapshot patched with its changed entities (prepareLive). */
interface LivePrepared {
  prepared: PreparedSnapshot;
  /** The whole state, read from the base's rows and the patch. */
  ontology: () => Ontology;
  base: string;
  patch: SnapshotPatch;
}


interface BranchRow {
  id: string;
  name: string;
  head: string;
  protected: number;
  upstream: string | null;
  created_at: number;
  /** Snapshot hash of the working state while the branch has no live doc (see workspace-schema v2). */
  working: string | null;
}

/** Bump when core/validate changes what it reports: cached findings of older validators are ignored. */
const VALIDATOR_VERSION = 1;

/** Temp files of a `Workspace.create` that has not finished: `.<name>.<pid>.<random>.creating`. */
const CREATING = /^\.(.+)\.(\d+)\.[0-9a-f]+\.creating(-wal|-shm|-journal)?$/;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return fsCode(err) === 'EPERM';
  }
}

/** `--store` must be a directory (or not exist yet): under a file every path is ENOTDIR. */
function checkStoreRoot(root: string): void {
  for (const dir of [root, join(root, 'workspaces')]) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (err) {
      const code = fsCode(err);
      if (code === 'ENOENT') return;
      if (code === 'ENOTDIR') isDir = false;
      else throw environmentError(err, dir, 'reading the store folder') ?? err;
    }
    if (!isDir) throw new StoreError('STORE_NOT_A_DIRECTORY', `${dir} is a file, not a store directory; point --store at a directory`, { path: dir });
  }
}

/** Leftovers of creates that were killed: their process is gone, so nobody will finish them. */
function removeStaleCreates(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder yet: nothing to clean
  }
  for (const f of names) {
    const m = CREATING.exec(f);
    if (m && !pidAlive(Number(m[2]))) rmSync(join(dir, f), { force: true });
  }
}

const toBranch = (r: Omit<BranchRow, 'working'>): BranchInfo => ({ id: r.id, name: r.name, head: r.head, protected: r.protected === 1, upstream: r.upstream, createdAt: r.created_at });

export class Workspace {
  static readonly WORKING: typeof WORKING = WORKING;
  readonly docs: SqliteDocStorage;
  readonly snapshots: SnapshotStore;
  readonly commits: CommitGraph;
  private readonly sessions = new Map<string, Promise<BranchSession>>();
  /** Per open session (by branch id): what its doc changed since a known snapshot. */
  private readonly trackers = new Map<string, DirtyTracker>();
  private readonly liveBases: LiveBaseRecords;
  private readonly now: () => number;
  private readonly readOnly: boolean;
  private closed = false;

  private constructor(
    readonly name: string,
    readonly file: string,
    readonly db: SqliteDatabase,
    /** Stable id of the workspace (DocKey.workspace of its docs), kept if the file is renamed. */
    readonly id: string,
    private readonly options: WorkspaceOptions,
  ) {
    this.readOnly = options.readOnly ?? false;
    this.docs = new SqliteDocStorage(db, { readOnly: this.readOnly });
    this.snapshots = new SnapshotStore(db);
    this.commits = new CommitGraph(db);
    this.liveBases = new LiveBaseRecords(db);
    this.now = options.now ?? Date.now;
  }

  private static openDb(file: string, create: boolean, options: WorkspaceOptions): SqliteDatabase {
    const readOnly = options.readOnly ?? false;
    const db = openStoreDatabase(file, {
      create, durability: options.durability ?? 'full', verify: options.verify ?? true, readOnly,
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    });
    try {
      migrate(db, 'workspace', WORKSPACE_MIGRATIONS, { readOnly });
      return db;
    } catch (err) {
      db.close();
      translateSqliteError(err, file, 'upgrading the store');
    }
  }

  /**
   * A new workspace file, all or nothing: it is built under a temp name (meta, first commit, `main`
   * in one transaction), closed, and only then linked to its name. A crash leaves no shell that can
   * be neither used nor re-created; two creates of one name race on the link and one gets NAME_TAKEN.
   */
  static async create(root: string, name: string, options: CreateWorkspaceOptions = {}): Promise<Workspace> {
    const file = workspaceFile(root, name);
    checkStoreRoot(root);
    try {
      statSync(file);
      throw new StoreError('WORKSPACE_EXISTS', `workspace "${name}" already exists at ${file}`, { workspace: name, file });
    } catch (err) {
      if (err instanceof StoreError) throw err;
    }
    const dir = dirname(file);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw environmentError(err, dir, 'creating the store folder') ?? err;
    }
    removeStaleCreates(dir);
    const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.creating`);
    try {
      const writable = { ...options, readOnly: false };
      const db = Workspace.openDb(tmp, true, writable);
      try {
        // The temp file is nobody's until published, and dropped on any failure: the build needs
        // no WAL, whose pages the close would then copy into the file again (a 50k-type import
        // wrote ~70 MB twice). A rollback journal in memory still undoes a failed transaction.
        db.pragma('journal_mode = MEMORY');
        const ws = new Workspace(name, tmp, db, newId(), writable);
        ws.tx('creating the workspace', () => {
          db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('id', ?), ('name', ?), ('default_branch', 'main')").run(ws.id, name);
          if (options.history) {
            new ObjectStore(db).put(options.history.objects);
            ws.insertBranch('main', options.history.root, { protected: false });
            return;
          }
          const content = options.prepared ?? { ontology: options.from ?? emptyOntology(name), canonical: options.from !== undefined && options.parsed === true };
          const commit = ws.writeCommit({ content, parents: [], author: options.author ?? 'oms', message: options.message ?? `Create workspace ${name}` });
          ws.insertBranch('main', commit.id, { protected: false });
        });
        db.pragma('journal_mode = WAL'); // published as every store is
      } finally {
        db.close(); // the last connection checkpoints the WAL into the file and removes it
      }
      Workspace.publish(tmp, file, name);
    } finally {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${tmp}${suffix}`, { force: true });
    }
    // Built and closed by this call a moment ago: an integrity check would re-read the whole file.
    return Workspace.open(root, name, { ...options, verify: false });
  }

  /** Give the finished temp file its name, never replacing a workspace created meanwhile. */
  private static publish(tmp: string, file: string, name: string): void {
    try {
      linkSync(tmp, file);
    } catch (err) {
      const code = fsCode(err);
      if (code === 'EEXIST') throw new StoreError('NAME_TAKEN', `workspace "${name}" was created meanwhile by another process`, { workspace: name, file }, { cause: err });
      // Filesystems without hard links: a check then a rename (the race window is this one call).
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        try {
          statSync(file);
          throw new StoreError('NAME_TAKEN', `workspace "${name}" was created meanwhile by another process`, { workspace: name, file });
        } catch (e) {
          if (e instanceof StoreError) throw e;
        }
        renameSync(tmp, file);
        return;
      }
      throw environmentError(err, file, 'naming the new workspace') ?? err;
    }
  }

  static async open(root: string, name: string, options: WorkspaceOptions = {}): Promise<Workspace> {
    const file = workspaceFile(root, name);
    checkStoreRoot(root);
    let exists = true;
    try {
      statSync(file);
    } catch (err) {
      if (fsCode(err) !== 'ENOENT') throw environmentError(err, file, 'opening the workspace') ?? err;
      exists = false;
    }
    if (!exists) throw new StoreError('WORKSPACE_NOT_FOUND', `no workspace "${name}" in ${root}`, { workspace: name, root });
    const db = Workspace.openDb(file, false, options);
    const row = db.prepare("SELECT value FROM workspace_meta WHERE key = 'id'").get() as { value: string } | undefined;
    if (!row) {
      db.close();
      throw new StoreError('STORE_CORRUPT', `${file} has no workspace id; it is not a complete OMS workspace`, { file });
    }
    try {
      return new Workspace(name, file, db, row.value, options);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  static list(root: string): WorkspaceInfo[] {
    checkStoreRoot(root);
    const dir = join(root, 'workspaces');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .filter((f) => f.endsWith(WORKSPACE_FILE_SUFFIX))
      .map((f) => ({ name: f.slice(0, -WORKSPACE_FILE_SUFFIX.length), file: join(dir, f), bytes: statSync(join(dir, f)).size }))
      .filter((w) => { try { checkWorkspaceName(w.name); return true; } catch { return false; } })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /**
   * One IMMEDIATE transaction (nested calls join the outer one); SQLite's environment failures come
   * out typed (STORE_DISK_FULL, STORE_READ_ONLY, STORE_BUSY …) and a lost name race as NAME_TAKEN.
   */
  private tx<T>(what: string, fn: () => T): T {
    this.assertWritable();
    try {
      return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      if (isUniqueViolation(err)) throw new StoreError('NAME_TAKEN', `the name was taken by another process while ${what}`, { what }, { cause: err });
      translateSqliteError(err, this.file, what);
    }
  }

  /** A read that may hit damaged pages or a failing disk: typed, like writes. */
  private read<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      translateSqliteError(err, this.file, what);
    }
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.readOnly) throw new StoreError('STORE_READ_ONLY', `workspace ${this.name} was opened read-only`, { workspace: this.name });
  }

  // ── branches ────────────────────────────────────────────────────────────────────────────────

  get defaultBranch(): string {
    const row = this.db.prepare("SELECT value FROM workspace_meta WHERE key = 'default_branch'").get() as { value: string } | undefined;
    return row?.value ?? 'main';
  }

  listBranches(): BranchInfo[] {
    return (this.db.prepare('SELECT * FROM branches ORDER BY name').all() as BranchRow[]).map(toBranch);
  }

  findBranch(name: string): BranchInfo | undefined {
    const row = this.branchRow(name);
    return row && toBranch(row);
  }

  private branchRow(name: string): BranchRow | undefined {
    return this.db.prepare('SELECT * FROM branches WHERE name = ?').get(name) as BranchRow | undefined;
  }

  private branchRowById(id: string): BranchRow | undefined {
    return this.db.prepare('SELECT * FROM branches WHERE id = ?').get(id) as BranchRow | undefined;
  }

  private getBranchRow(name: string): BranchRow {
    const row = this.branchRow(name);
    if (!row) throw new StoreError('BRANCH_NOT_FOUND', `no branch "${name}" in workspace ${this.name}`, { branch: name, workspace: this.name });
    return row;
  }

  getBranch(name: string): BranchInfo {
    return toBranch(this.getBranchRow(name));
  }

  private docKey(branch: { id: string }): DocKey {
    return { workspace: this.id, branch: branch.id };
  }

  /** Valid and free: a branch named like a tag would silently shadow the tag in every ref (refs try branches first). */
  private checkNewBranchName(name: string): void {
    if (!BRANCH_NAME.test(name) || name === 'HEAD' || /~/.test(name)) {
      throw new StoreError('STORE_INVALID_ARG', `invalid branch name "${name}": 1-100 characters of A-Z a-z 0-9 _ . / -, no "..", "//" or "~", not HEAD`, { name });
    }
    if (this.findBranch(name)) throw new StoreError('BRANCH_EXISTS', `branch "${name}" already exists`, { branch: name });
    if (this.findTag(name)) throw new StoreError('BRANCH_EXISTS', `"${name}" is a tag name; pick another branch name`, { branch: name });
  }

  /** A branch row whose working state is its head's snapshot: no doc, nothing copied. */
  private insertBranch(name: string, head: string, opts: { protected?: boolean; upstream?: string | null }): BranchInfo {
    return this.tx(`creating branch ${name}`, () => {
      this.checkNewBranchName(name);
      const id = newId();
      const snapshot = this.commits.get(head).snapshot;
      this.db.prepare('INSERT INTO branches (id, name, head, protected, upstream, created_at, working) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, name, head, opts.protected ? 1 : 0, opts.upstream ?? null, this.now(), snapshot);
      return this.getBranch(name);
    });
  }

  /**
   * New branch at `from` (any ref; default: the default branch's head). Its working state is that
   * commit. One row in one transaction: the ontology is neither read nor copied.
   */
  async createBranch(name: string, opts: { from?: string; protected?: boolean; upstream?: string | null } = {}): Promise<BranchInfo> {
    this.assertWritable();
    const head = this.resolveRef(opts.from ?? this.defaultBranch);
    return this.insertBranch(name, head, opts);
  }

  renameBranch(from: string, to: string): BranchInfo {
    return this.tx(`renaming branch ${from}`, () => {
      const b = this.getBranch(from);
      this.checkNewBranchName(to);
      this.db.prepare('UPDATE branches SET name = ? WHERE id = ?').run(to, b.id);
      this.db.prepare('UPDATE branches SET upstream = ? WHERE upstream = ?').run(to, from);
      if (this.defaultBranch === from) this.db.prepare("UPDATE workspace_meta SET value = ? WHERE key = 'default_branch'").run(to);
      return this.getBranch(to);
    });
  }

  async deleteBranch(name: string, opts: { force?: boolean } = {}): Promise<void> {
    this.assertWritable();
    const b = this.getBranch(name);
    if (b.protected && !opts.force) throw new StoreError('BRANCH_PROTECTED', `branch "${name}" is protected; unprotect it first`, { branch: name });
    if (name === this.defaultBranch) throw new StoreError('BRANCH_PROTECTED', `"${name}" is the default branch and cannot be deleted`, { branch: name });
    if (this.sessions.has(b.id)) throw new StoreError('BRANCH_IN_USE', `branch "${name}" is open; close it first`, { branch: name });
    // Uncommitted work lives only in the branch's working state: deleting it is not undoable.
    const seen = opts.force ? undefined : await this.status(name);
    if (seen?.dirty) {
      throw new StoreError('BRANCH_DIRTY', `branch "${name}" has uncommitted changes; commit or discard them, or delete with force`, { branch: name });
    }
    this.tx(`deleting branch ${name}`, () => {
      // Checked again under the lock: an edit that landed since the status would be lost unseen.
      if (seen && this.workingStamp(b.id) !== seen.stamp) throw new StoreError('STATE_CHANGED', `branch "${name}" changed meanwhile; retry`, { branch: name, retryable: true });
      this.db.prepare('DELETE FROM branches WHERE id = ?').run(b.id);
      this.db.prepare('DELETE FROM working_cache WHERE branch_id = ?').run(b.id);
      this.liveBases.drop(b.id);
      this.docs.deleteDocSync(this.docKey(b));
    });
  }

  setProtected(name: string, value: boolean): BranchInfo {
    return this.tx(`protecting branch ${name}`, () => {
      const b = this.getBranch(name);
      this.db.prepare('UPDATE branches SET protected = ? WHERE id = ?').run(value ? 1 : 0, b.id);
      return this.getBranch(name);
    });
  }

  setUpstream(name: string, upstream: string | null): BranchInfo {
    if (upstream !== null && upstream.length === 0) throw new StoreError('STORE_INVALID_ARG', 'upstream must be a non-empty name or null');
    return this.tx(`setting the upstream of ${name}`, () => {
      const b = this.getBranch(name);
      this.db.prepare('UPDATE branches SET upstream = ? WHERE id = ?').run(upstream, b.id);
      return this.getBranch(name);
    });
  }

  /**
   * What identifies the stored working state of a branch right now, cheaply: the snapshot hash of a
   * doc-less branch, else the doc's last seq. Equal stamps mean nobody wrote in between.
   */
  private workingStamp(branchId: string): string {
    const row = this.branchRowById(branchId);
    if (!row) return 'deleted';
    return row.working ? `snapshot:${row.working}` : `seq:${this.docs.lastSeq(this.docKey(row))}`;
  }

  // ── live state ──────────────────────────────────────────────────────────────────────────────

  /** Open a branch for editing; the same session is shared while it is open. */
  openBranch(name: string): Promise<BranchSession> {
    this.assertWritable();
    const b = this.getBranch(name);
    const existing = this.sessions.get(b.id);
    // A session on its way out stays listed until its last flush lands; handing it out would let
    // the caller edit a doc that is about to stop persisting. Wait for it, then open afresh.
    if (existing) return existing.then((s) => (s.isClosing ? s.close().then(() => this.openBranch(name)) : s));
    const opening = Promise.resolve()
      .then(() => this.materialise(b.id))
      .then(() => BranchSession.open(name, this.docKey(b), this.docs, this.options.session ?? {}, (s) => this.onSessionClose(b.id, s)))
      .then((s) => this.track(b.id, s));
    this.sessions.set(b.id, opening);
    opening.catch(() => this.sessions.delete(b.id));
    return opening;
  }

  /**
   * Build a doc-less branch's live doc now, without opening it (the studio's worker does this before
   * main opens a big branch, so main only loads the stored doc). No-op when it has one.
   */
  materialiseBranch(name: string): void {
    this.assertWritable();
    this.materialise(this.getBranch(name).id);
  }

  /**
   * Build the live doc of a doc-less branch from its working snapshot, once: the doc's first update
   * and clearing `working` are one transaction, and if another process did it (or changed the
   * snapshot) first, its result is taken instead, so two Y.Docs of one branch never meet.
   */
  private materialise(branchId: string): void {
    for (;;) {
      const row = this.branchRowById(branchId);
      if (!row) throw new StoreError('BRANCH_NOT_FOUND', `branch ${branchId} was deleted`, { branch: branchId });
      if (!row.working) return;
      const o = this.snapshots.read(row.working);
      const doc = ontologyToDoc(o);
      const update = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      const done = this.tx(`opening branch ${row.name}`, () => {
        if (this.branchRowById(branchId)?.working !== row.working) return false;
        const key = this.docKey(row);
        this.docs.deleteDocSync(key);
        const { seq } = this.docs.appendUpdatesIf(key, [update], 0);
        this.db.prepare('UPDATE branches SET working = NULL WHERE id = ?').run(branchId);
        this.writeCache(branchId, seq, o);
        this.liveBases.put(branchId, seq, { snapshot: row.working as string, header: false, ids: new Set() });
        return true;
      });
      if (done) return;
    }
  }

  /**
   * Make `state` (a full Yjs state, e.g. a sync room's) the live doc of a branch that is not open,
   * replacing its doc in one transaction. The sync client uses it when a branch must join a room's
   * document lineage (clone, "take the server's version"): two Y.Docs created apart would otherwise
   * be blended, Yjs keeping one side's copy of every element both created. (Added for main/services/sync.)
   */
  adoptLiveDoc(name: string, state: Uint8Array): void {
    this.assertWritable();
    const b = this.getBranch(name);
    if (this.sessions.has(b.id)) throw new StoreError('BRANCH_IN_USE', `branch "${name}" is open; close it before replacing its live document`, { branch: name });
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      const o = docToOntology(doc);
      this.tx(`replacing the live document of ${name}`, () => {
        const key = this.docKey(b);
        this.docs.deleteDocSync(key);
        const { seq } = this.docs.appendUpdatesIf(key, [state], 0);
        this.db.prepare('UPDATE branches SET working = NULL WHERE id = ?').run(b.id);
        this.writeCache(b.id, seq, o);
        // A doc of another lineage: its relation to any snapshot is unknown until the next full commit.
        this.liveBases.drop(b.id);
      });
    } finally {
      doc.destroy();
    }
  }

  private async onSessionClose(branchId: string, s: BranchSession): Promise<void> {
    this.sessions.delete(branchId);
    const tracker = this.trackers.get(branchId);
    this.trackers.delete(branchId);
    tracker?.dispose();
    const settle = this.options.settleClosed;
    if (settle) {
      const base = tracker?.current();
      if (base && this.docs.lastSeq(s.key) === s.syncedSeq) this.liveBases.put(branchId, s.syncedSeq, base);
      const name = this.branchRowById(branchId)?.name;
      if (name !== undefined) settle(this.name, name);
      return;
    }
    const size = await this.docs.docSize(s.key);
    if (size.updates >= (this.options.compactThreshold ?? 1000)) await this.docs.compactDoc(s.key);
    // Only a doc holding every stored update may stand for that seq: if another process appended
    // meanwhile, caching this doc at the latest seq would hide its edits from every later read.
    if (this.docs.lastSeq(s.key) === s.syncedSeq) {
      this.writeCache(branchId, s.syncedSeq, docToOntology(s.doc));
      const base = tracker?.current();
      if (base) this.liveBases.put(branchId, s.syncedSeq, base);
    }
  }

  /**
   * The snapshot address an open session's doc would commit as right now (its changed entities
   * only are read), or undefined when its changes are not tracked. For a caller that validates the
   * live state itself (the studio's background validation): computed in the same tick as it takes
   * the state, and handed back with recordValidation, it spares the commit of that state a
   * whole-ontology validation.
   */
  liveStateKey(s: BranchSession): string | undefined {
    const tracker = this.trackers.get(s.key.branch);
    if (!tracker || tracker.doc !== s.doc) return undefined;
    return this.prepareLive(s.key.branch, tracker)?.prepared.hash;
  }

  /**
   * Keep `diagnostics` — core/validate's findings over the state whose address is `snapshotKey`
   * (from liveStateKey) — as that snapshot's, as if the store had validated it. Trusted: only for
   * callers in this process running the same validator.
   */
  recordValidation(snapshotKey: string, diagnostics: Diagnostic[]): void {
    this.assertWritable();
    this.recordDiagnostics(snapshotKey, diagnostics);
  }

  /**
   * Follow what an opened session's doc changes from now on, from the stored record of what it had
   * changed when loaded — if that record was written at exactly the seq the doc was loaded at.
   */
  private track(branchId: string, s: BranchSession): BranchSession {
    this.trackers.get(branchId)?.dispose();
    this.trackers.set(branchId, new DirtyTracker(s.doc, this.liveBases.get(branchId, s.syncedSeq)));
    return s;
  }

  /**
   * The live doc's snapshot from its tracked changes only, and a way to get the whole ontology it
   * stands for (from the base's rows, cheaper than reading the doc); undefined when the changes are
   * unknown (then read everything).
   */
  private prepareLive(branchId: string, s: { doc: Y.Doc }): LivePrepared | undefined {
    const base = this.trackers.get(branchId)?.current();
    // A doc with a gap reads leniently (readDoc drops what it cannot place): only the full read does that.
    if (!base || isIncomplete(s.doc)) return undefined;
    const patch = readLivePatch(s.doc, base.ids, base.header);
    return { prepared: this.snapshots.preparePatch(base.snapshot, patch), ontology: () => this.snapshots.readPatched(base.snapshot, patch), base: base.snapshot, patch };
  }

  /**
   * Findings of a live state from its base's findings and its changed entities only
   * (incremental-validate.ts), stored under the state's snapshot like a whole validation's.
   * The base's findings are computed once if missing; the entity index is brought up to the base
   * from the nearest indexed ancestor of the head. Falls back to validating the whole state where
   * the index cannot decide (IncrementalUnsupported) or cannot be written (busy, read-only, full).
   */
  private liveDiagnostics(head: string, live: LivePrepared): { diagnostics: Diagnostic[]; by: LiveValidation } {
    const known = this.storedDiagnostics(live.prepared.hash);
    if (known) return { diagnostics: known, by: 'stored' };
    const { base, patch } = live;
    let found: Diagnostic[];
    let by: LiveValidation = 'changed-entities';
    try {
      const baseFindings = this.diagnosticsOf(base, () => this.snapshots.read(base));
      const reader = new ManifestReader(this.db);
      // Then other branches' heads: a branch made from one that was indexed (a merge preview's)
      // is indexed by their difference, not whole.
      const heads = this.listBranches().map((x) => this.commits.get(x.head).snapshot);
      const near = [...new Set([...this.commits.firstParentSnapshots(head, INDEX_NEIGHBOURS), ...heads])];
      const { index } = EntityIndex.open(this.db, reader, [{ snapshot: base, near }], (fn) => this.tx('indexing the snapshot a live commit patches', fn));
      found = patchFindings(reader, index, base, baseFindings, patch).diagnostics;
    } catch (err) {
      const unavailable = indexUnavailable(err) !== undefined;
      if (!(err instanceof IncrementalUnsupported) && !unavailable) throw err;
      found = validate(live.ontology());
      by = 'whole-state';
    }
    this.recordDiagnostics(live.prepared.hash, found);
    return { diagnostics: found, by };
  }

  /**
   * The open session of a branch, flushed and holding what other processes (the CLI while the app
   * has the branch open) appended to its doc, so reads, commits and edits see the stored state.
   */
  private async syncedSession(b: { id: string }): Promise<BranchSession | undefined> {
    const open = this.sessions.get(b.id);
    if (!open) return undefined;
    const s = await open;
    await s.flush();
    if (this.docs.lastSeq(s.key) !== s.syncedSeq) await s.catchUp();
    return s;
  }

  /** A read-only open never writes, not even this cache. */
  private writeCache(branchId: string, seq: number, o: Ontology): void {
    if (this.readOnly) return;
    this.db.prepare('INSERT INTO working_cache (branch_id, seq, json) VALUES (?, ?, ?) ON CONFLICT(branch_id) DO UPDATE SET seq = excluded.seq, json = excluded.json').run(branchId, seq, canonicalJson(o));
  }

  /** The working state of a branch: its snapshot (no live doc yet), its open session, the JSON cache when current, else its doc. */
  async readWorking(name: string): Promise<Ontology> {
    return this.read(`reading the working state of ${name}`, async () => {
      const b = this.getBranchRow(name);
      if (b.working) return this.snapshots.read(b.working);
      const open = await this.syncedSession(b);
      if (open) return docToOntology(open.doc);
      const key = this.docKey(b);
      const seq = this.docs.lastSeq(key);
      const cached = this.db.prepare('SELECT seq, json FROM working_cache WHERE branch_id = ?').get(b.id) as { seq: number; json: string } | undefined;
      // The cache is written by us from a parsed ontology at exactly this seq; trusting it is what makes a cold read cheap.
      if (cached && cached.seq === seq) return JSON.parse(cached.json) as Ontology;
      const state = await this.docs.loadDoc(key);
      const doc = docFromState(state);
      try {
        const o = docToOntology(doc);
        this.writeCache(b.id, state.seq, o);
        return o;
      } finally {
        doc.destroy();
      }
    });
  }

  /**
   * Replace the working state of a branch with what `fn` computes from it, never over a change it
   * did not see: a doc-less branch swaps its snapshot hash under a compare-and-set; a live doc
   * appends only if nobody appended since it was loaded (else STATE_CHANGED, retryable — Yjs would
   * otherwise blend the two replacements into a state equal to neither).
   * `land` runs in the same transaction as the change (a commit, a head move), so both or neither happen.
   */
  private async transformWorking<T>(
    name: string,
    origin: Origin,
    fn: (current: Ontology, currentHash: () => string) => { out: T; result: Ontology },
    land?: (result: Ontology, snapshot: string | undefined) => void,
  ): Promise<T> {
    this.assertWritable();
    const b = this.getBranchRow(name);
    const changed = (): StoreError => new StoreError('STATE_CHANGED', `the working state of ${name} changed meanwhile; retry`, { branch: name, retryable: true });
    if (b.working) {
      const hash = b.working;
      const { out, result } = fn(this.snapshots.read(hash), () => this.snapshots.contentKey(hash));
      // Validated now, while the whole state is in hand, so committing it later reads nothing.
      const findings = validate(result);
      this.tx(`saving the working state of ${name}`, () => {
        if (this.branchRowById(b.id)?.working !== hash) throw changed();
        const snap = this.writeSnapshot(result, hash);
        this.recordDiagnostics(snap.hash, findings);
        this.db.prepare('UPDATE branches SET working = ? WHERE id = ?').run(snap.hash, b.id);
        land?.(result, snap.hash);
      });
      return out;
    }
    const s = await this.syncedSession(b);
    if (s) {
      // Same process: the session's doc is the only copy being edited here, and fn + apply run in one tick.
      const current = docToOntology(s.doc);
      const { out, result } = fn(current, () => this.snapshots.hashOf(current));
      applyOntology(s.doc, result, origin);
      await s.flush();
      if (!land) return out;
      try {
        this.tx(`landing the change on ${name}`, () => land(result, undefined));
      } catch (err) {
        await this.takeBack(s, current, result);
        throw err;
      }
      return out;
    }
    const key = this.docKey(b);
    const state = await this.docs.loadDoc(key);
    const doc = docFromState(state);
    const tracker = new DirtyTracker(doc, this.liveBases.get(b.id, state.seq));
    try {
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      const current = docToOntology(doc);
      const { out, result } = fn(current, () => this.snapshots.hashOf(current));
      applyOntology(doc, result, origin);
      this.tx(`saving the working state of ${name}`, () => {
        if (!this.branchRowById(b.id)) throw new StoreError('BRANCH_NOT_FOUND', `branch "${name}" was deleted meanwhile`, { branch: name });
        const { seq } = this.docs.appendUpdatesIf(key, updates, state.seq);
        this.writeCache(b.id, seq, result);
        const base = tracker.current();
        if (base) this.liveBases.put(b.id, seq, base);
        land?.(result, undefined);
      });
      return out;
    } finally {
      tracker.dispose();
      doc.destroy();
    }
  }

  /**
   * A live session's change could not be landed (its commit failed): take only that change back out
   * (three-way, so edits typed meanwhile stay). If they overlap, the change stays for the user to review.
   */
  private async takeBack(s: BranchSession, before: Ontology, after: Ontology): Promise<void> {
    const back = merge3(after, docToOntology(s.doc), before);
    if (back.conflicts.length > 0) return;
    applyOntology(s.doc, back.result, ORIGIN.merge);
    await s.flush();
  }

  /**
   * Make the working state of `name` equal `o` (one transaction with `origin`; a no-op when equal).
   * With `expect`, refuses (STATE_CHANGED, nothing changed) unless the working state still equals it
   * at the moment of applying: a result computed from an earlier read would silently drop later edits.
   * With `refuseDirty`, refuses (BRANCH_DIRTY) when the working state holds uncommitted changes
   * (an import must not overwrite work that exists nowhere else).
   */
  async setWorking(name: string, o: Ontology, origin: Origin = ORIGIN.import, opts: { expect?: Ontology; refuseDirty?: boolean; parsed?: boolean } = {}): Promise<OntologyDiff> {
    // `parsed`: `o` is parseOntology's own output (a file the CLI read): parsing 50k types twice is seconds.
    const target = opts.parsed ? o : parseOntology(o);
    const row = this.getBranchRow(name);
    if (row.working && !opts.expect) return this.replaceSnapshot(row, row.working, target, opts.refuseDirty ?? false);
    const head = this.commits.get(row.head);
    return this.transformWorking(name, origin, (current, currentHash) => {
      if (opts.expect && canonicalJson(current) !== canonicalJson(opts.expect)) {
        throw new StoreError('STATE_CHANGED', `the working state of ${name} changed meanwhile; retry`, { branch: name, retryable: true });
      }
      if (opts.refuseDirty && currentHash() !== this.snapshots.contentKey(head.snapshot)) {
        throw new StoreError('BRANCH_DIRTY', `branch "${name}" has uncommitted changes that this would overwrite; commit or discard them first`, { branch: name });
      }
      return { out: diffOntologies(current, target), result: target };
    });
  }

  /**
   * setWorking on a doc-less branch: the new state is written as a snapshot (only entities not
   * stored yet are new rows), swapped in under a compare-and-set, and the diff is computed from the
   * two snapshots' hashes, so the old state is never read in full.
   */
  private replaceSnapshot(row: BranchRow, from: string, target: Ontology, refuseDirty: boolean): OntologyDiff {
    const name = row.name;
    if (refuseDirty && !this.snapshots.sameContent(from, this.commits.get(row.head).snapshot)) {
      throw new StoreError('BRANCH_DIRTY', `branch "${name}" has uncommitted changes that this would overwrite; commit or discard them first`, { branch: name });
    }
    const findings = validate(target);
    const to = this.tx(`saving the working state of ${name}`, () => {
      if (this.branchRowById(row.id)?.working !== from) throw new StoreError('STATE_CHANGED', `the working state of ${name} changed meanwhile; retry`, { branch: name, retryable: true });
      const snap = this.writeSnapshot(target, from, true);
      this.recordDiagnostics(snap.hash, findings);
      this.db.prepare('UPDATE branches SET working = ? WHERE id = ?').run(snap.hash, row.id);
      return snap.hash;
    });
    return this.diffSnapshots(from, to);
  }

  /** Make the working state equal a commit (time travel made current). Undoable as one merge step. */
  async restore(name: string, ref: string): Promise<OntologyDiff> {
    return this.setWorking(name, this.checkout(ref), ORIGIN.merge, { parsed: true });
  }

  /** Drop uncommitted changes: the working state becomes the branch head again. */
  async discard(name: string): Promise<OntologyDiff> {
    return this.restore(name, this.getBranch(name).head);
  }

  /**
   * Undo what `ref` changed, on top of the working state: a three-way merge with the commit as base,
   * the working state as ours and the commit's parent as theirs (what git revert does). Conflicts
   * that the default rules cannot settle refuse the revert (REVERT_CONFLICT) and change nothing.
   * With `commit`, the result is committed in the same transaction (a crash leaves neither).
   */
  async revert(name: string, ref: string, opts: { branch?: string; commit?: { author: string; message?: string } } = {}): Promise<{ diff: OntologyDiff; reverted: Commit; commit?: Commit }> {
    const c = this.commits.get(this.resolveRef(ref, { branch: opts.branch ?? name }));
    const parent = c.parents[0];
    if (!parent) throw new StoreError('STORE_INVALID_ARG', `commit ${c.id.slice(0, 12)} has no parent; there is nothing to revert to`, { commit: c.id });
    if (c.parents.length > 1) throw new StoreError('STORE_INVALID_ARG', `commit ${c.id.slice(0, 12)} is a merge; reverting merges is not supported (restore an earlier commit instead)`, { commit: c.id });
    const before = this.snapshots.read(this.commits.get(parent).snapshot);
    const after = this.snapshots.read(c.snapshot);
    const what = { what: `reverting ${c.id.slice(0, 12)}`, details: { commit: c.id } };
    if (!opts.commit) return { diff: await this.unapply(name, before, after, what), reverted: c };
    const b = this.getBranch(name);
    const message = opts.commit.message ?? `Revert "${c.message.split('\n')[0]}"\n\nThis reverts commit ${c.id}.`;
    let landed: Commit | undefined;
    const diff = await this.transformWorking(name, ORIGIN.merge, (ours) => {
      const undone = this.unapplied(ours, before, after, what);
      this.checkCommittable(name, undone.result);
      return undone;
    }, (result, snapshot) => {
      landed = this.landCommit(b, snapshot ?? this.writeSnapshot(result, this.commits.get(b.head).snapshot).hash, { message, author: opts.commit?.author ?? 'oms', allowEmpty: true });
    });
    return { diff, reverted: c, ...(landed ? { commit: landed } : {}) };
  }

  private unapplied(ours: Ontology, before: Ontology, after: Ontology, opts: { what?: string; details?: Record<string, unknown> }): { out: OntologyDiff; result: Ontology } {
    const merged = merge3(after, ours, before);
    if (merged.conflicts.length > 0) {
      throw new StoreError('REVERT_CONFLICT', `${opts.what ?? 'undoing the change'} conflicts with later changes (${merged.conflicts.length}): ${merged.conflicts.slice(0, 3).map((x: Conflict) => x.message).join('; ')}`, {
        ...opts.details, conflicts: merged.conflicts,
      });
    }
    return { out: diffOntologies(ours, merged.result), result: merged.result };
  }

  /**
   * Take the change `before` → `after` back out of the working state, keeping every other edit in it:
   * a three-way merge with `after` as base, the working state as ours and `before` as theirs.
   * Refused with REVERT_CONFLICT (nothing changed) when later edits overlap the change.
   */
  async unapply(name: string, before: Ontology, after: Ontology, opts: { what?: string; details?: Record<string, unknown> } = {}): Promise<OntologyDiff> {
    return this.transformWorking(name, ORIGIN.merge, (ours) => this.unapplied(ours, before, after, opts));
  }

  /**
   * Make `result` the working state of `name` and land it in the same transaction: as a new commit
   * (a merge commit with `mergeParents`), or by moving the head to `fastForwardTo`. Refused with
   * STATE_CHANGED (nothing written) when the head is no longer `expectHead` or the working state no
   * longer equals `expectWorking`.
   */
  async landState(
    name: string,
    result: Ontology,
    opts: { expectHead: string; expectWorking: Ontology; commit?: { message: string; author: string; mergeParents?: string[] }; fastForwardTo?: string },
  ): Promise<{ commit: Commit; diagnostics: Diagnostic[] }> {
    const b = this.getBranch(name);
    const changed = (): StoreError => new StoreError('STATE_CHANGED', `${name} changed while this was computed; run it again`, { branch: name, retryable: true });
    if (b.head !== opts.expectHead) throw changed();
    const expected = canonicalJson(opts.expectWorking);
    const diagnostics = opts.commit ? this.checkCommittable(name, result) : [];
    let landed: Commit | undefined;
    await this.transformWorking(name, ORIGIN.merge, (current) => {
      if (canonicalJson(current) !== expected) throw changed();
      return { out: undefined, result };
    }, (r, snapshot) => {
      if (opts.fastForwardTo) {
        this.casHead(b, opts.expectHead, opts.fastForwardTo);
        landed = this.commits.get(opts.fastForwardTo);
      } else if (opts.commit) {
        landed = this.landCommit(b, snapshot ?? this.writeSnapshot(r, this.commits.get(b.head).snapshot).hash, { ...opts.commit, allowEmpty: true });
      }
    });
    if (!landed) throw new StoreError('STORE_INVALID_ARG', 'landState needs commit or fastForwardTo');
    return { commit: landed, diagnostics };
  }

  /**
   * landState in proportion to the change (the proportional merge's apply), for a branch whose
   * working state is a stored snapshot: the result is `patch` laid over `expectWorking` (only the
   * buckets it touches are read) or, fast-forwarding, the source commit's snapshot; `diagnostics`
   * are the result's findings, computed by the caller (recorded for it, and BLOCK refuses a commit).
   * Undefined when the branch has a live doc: the caller lands the whole state with landState.
   */
  async landSnapshotPatch(
    name: string,
    patch: SnapshotPatch,
    opts: { expectHead: string; expectWorking: string; diagnostics: Diagnostic[]; commit?: { message: string; author: string; mergeParents?: string[] }; fastForwardTo?: string },
  ): Promise<{ commit: Commit; snapshot: string } | undefined> {
    this.assertWritable();
    const row = this.getBranchRow(name);
    if (!row.working) return undefined;
    const changed = (): StoreError => new StoreError('STATE_CHANGED', `${name} changed while this was computed; run it again`, { branch: name, retryable: true });
    if (row.head !== opts.expectHead || row.working !== opts.expectWorking) throw changed();
    if (opts.commit) this.refuseBlocking(name, opts.diagnostics);
    return this.tx(`landing the merge on ${name}`, () => {
      const now = this.branchRowById(row.id);
      if (now?.head !== opts.expectHead || now.working !== opts.expectWorking) throw changed();
      const snapshot = opts.fastForwardTo ? this.commits.get(opts.fastForwardTo).snapshot : this.storeSnapshot(this.snapshots.preparePatch(opts.expectWorking, patch), opts.expectWorking).hash;
      this.recordDiagnostics(snapshot, opts.diagnostics);
      this.db.prepare('UPDATE branches SET working = ? WHERE id = ?').run(snapshot, row.id);
      const b = toBranch(row);
      if (opts.fastForwardTo) {
        this.casHead(b, opts.expectHead, opts.fastForwardTo);
        return { commit: this.commits.get(opts.fastForwardTo), snapshot };
      }
      if (!opts.commit) throw new StoreError('STORE_INVALID_ARG', 'landSnapshotPatch needs commit or fastForwardTo');
      return { commit: this.landCommit(b, snapshot, { ...opts.commit, allowEmpty: true }), snapshot };
    });
  }

  // ── history ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Inside the caller's transaction: store `o` as a snapshot with its entity index rows
   * (entity-index.ts: by the difference from `from`, the snapshot it replaces or lands on, when that
   * one is indexed; else whole, as the write itself is).
   */
  private writeSnapshot(o: Ontology, from: string | undefined, canonical = false): SnapshotWrite {
    const values = canonical ? o : canonicalView(o); // read only: what is canonical already is not copied
    const prepared = prepareSnapshot(values);
    const snap = this.snapshots.store(prepared);
    indexWrittenSnapshot(this.db, { snapshot: snap.hash, from, values, entries: prepared.entries });
    return snap;
  }

  /** writeSnapshot for a prepared snapshot: a patch over `from`, or a whole one when `values` is given. */
  private storeSnapshot(p: PreparedSnapshot, from: string | undefined, values?: Ontology): SnapshotWrite {
    const snap = this.snapshots.store(p);
    indexWrittenSnapshot(this.db, { snapshot: snap.hash, from, values, entries: p.entries });
    return snap;
  }

  private storePrepared(p: PreparedOntology): SnapshotWrite {
    const snap = this.snapshots.store(p.snapshot);
    indexWrittenSnapshot(this.db, { snapshot: snap.hash, from: undefined, keys: p.keys });
    return snap;
  }

  /** `content`: an ontology (canonical when parseOntology's), or a file already prepared for the store. */
  private writeCommit(args: { content: { ontology: Ontology; canonical: boolean } | PreparedOntology; parents: string[]; author: string; message: string }): Commit {
    const { content } = args;
    return this.tx('writing a commit', () => {
      const snap = 'ontology' in content ? this.writeSnapshot(content.ontology, undefined, content.canonical) : this.storePrepared(content);
      return this.commits.add({ parents: args.parents, snapshot: snap.hash, author: args.author, message: args.message, time: this.now() });
    });
  }

  /** Inside a transaction: snapshot `result` and commit it on top of `b`'s head (compare-and-set). */
  /** Inside a transaction: commit the stored snapshot `snapshot` on top of `b`'s head (compare-and-set). */
  private landCommit(b: BranchInfo, snapshot: string, opts: { message: string; author: string; mergeParents?: string[]; allowEmpty?: boolean }): Commit {
    const head = this.commits.get(b.head);
    if (!opts.mergeParents?.length && !opts.allowEmpty && this.snapshots.sameContent(snapshot, head.snapshot)) {
      throw new StoreError('COMMIT_EMPTY', `nothing to commit on ${b.name}: the working state equals ${head.id.slice(0, 12)}`, { branch: b.name });
    }
    const c = this.commits.add({ parents: [head.id, ...(opts.mergeParents ?? []).map((r) => this.resolveRef(r))], snapshot, author: opts.author, message: opts.message, time: this.now() });
    this.casHead(b, head.id, c.id);
    return c;
  }

  /** Validation findings of a snapshot, computed once per snapshot (snapshots never change). */
  private diagnosticsOf(hash: string, o: () => Ontology): Diagnostic[] {
    const known = this.storedDiagnostics(hash);
    if (known) return known;
    const found = validate(o());
    this.recordDiagnostics(hash, found);
    return found;
  }

  /**
   * Validation findings of a branch's working state: stored with its snapshot for a doc-less branch
   * (computed once), else computed from the live state.
   */
  async workingDiagnostics(name: string): Promise<Diagnostic[]> {
    const row = this.getBranchRow(name);
    const hash = row.working;
    if (hash) return this.diagnosticsOf(hash, () => this.snapshots.read(hash));
    // An open session: cached under the snapshot its state would commit as, so a commit right after reuses them.
    const s = await this.syncedSession(row);
    const live = s && this.prepareLive(row.id, s);
    if (live) return this.liveDiagnostics(row.head, live).diagnostics;
    return validate(await this.readWorking(name));
  }

  private storedDiagnostics(hash: string): Diagnostic[] | undefined {
    const row = this.db.prepare('SELECT diagnostics FROM snapshot_checks WHERE hash = ? AND validator = ?').get(hash, VALIDATOR_VERSION) as { diagnostics: string } | undefined;
    return row ? (JSON.parse(row.diagnostics) as Diagnostic[]) : undefined;
  }

  /**
   * Keep a snapshot's findings. Only a cache outside a transaction: a store busy with another
   * writer or out of space still answers (the findings are computed again next time); inside one
   * (a commit) any failure is the commit's.
   */
  private recordDiagnostics(hash: string, found: Diagnostic[]): void {
    if (this.readOnly) return;
    const put = (): void => {
      this.db.prepare('INSERT OR IGNORE INTO snapshot_checks (hash, validator, diagnostics) VALUES (?, ?, ?)').run(hash, VALIDATOR_VERSION, JSON.stringify(found));
    };
    if (this.db.inTransaction) return put();
    try {
      this.tx('keeping validation findings', put);
    } catch (err) {
      if (indexUnavailable(err) === undefined) throw err;
    }
  }

  private refuseBlocking(name: string, diagnostics: Diagnostic[]): void {
    const blocking = diagnostics.filter((d) => d.severity === 'BLOCK');
    if (blocking.length > 0) {
      throw new StoreError('COMMIT_BLOCKED', `cannot commit to ${name}: ${blocking.length} blocking problem(s), first: ${blocking[0]?.path}: ${blocking[0]?.message}`, { branch: name, diagnostics: blocking });
    }
  }

  private checkCommittable(name: string, o: Ontology): Diagnostic[] {
    const diagnostics = validate(o);
    this.refuseBlocking(name, diagnostics);
    return diagnostics;
  }

  /**
   * Commit the branch's working state. Refused with COMMIT_BLOCKED (diagnostics in `details`) when
   * validation reports BLOCK, and with COMMIT_EMPTY when nothing changed since the head.
   * A doc-less branch commits its working snapshot as it is: nothing is read, hashed or written
   * but the commit row (and, once per snapshot, its validation).
   */
  async commit(name: string, opts: CommitOptions): Promise<CommitOutcome> {
    if (!opts.message.trim()) throw new StoreError('STORE_INVALID_ARG', 'a commit needs a message');
    if (!opts.author.trim()) throw new StoreError('STORE_INVALID_ARG', 'a commit needs an author');
    this.assertWritable();
    const b = this.getBranchRow(name);
    const mergeParents = (opts.mergeParents ?? []).map((r) => this.resolveRef(r));
    if (b.working) {
      const hash = b.working;
      const diagnostics = this.diagnosticsOf(hash, () => this.snapshots.read(hash));
      this.refuseBlocking(name, diagnostics);
      const commit = this.tx(`committing ${name}`, () => {
        if (this.branchRowById(b.id)?.working !== hash) throw new StoreError('STATE_CHANGED', `the working state of ${name} changed meanwhile; retry`, { branch: name, retryable: true });
        return this.landCommit(toBranch(b), hash, { ...opts, mergeParents });
      });
      return { commit, diagnostics, newEntityRows: 0, snapshotFrom: 'working-snapshot' };
    }
    const session = await this.syncedSession(b);
    if (session) return this.commitSession(b, session, { ...opts, mergeParents });
    const key = this.docKey(b);
    const seq = this.docs.lastSeq(key);
    const working = await this.readWorking(name);
    const diagnostics = this.checkCommittable(name, working);
    let newEntityRows = 0;
    const commit = this.tx(`committing ${name}`, () => {
      // count(*) before and after would scan every entity row in the store on each commit.
      const snap = this.writeSnapshot(working, this.commits.get(b.head).snapshot);
      newEntityRows = snap.newEntities;
      // Kept: a live session opened on this commit later derives its findings from these.
      this.recordDiagnostics(snap.hash, diagnostics);
      // Nobody appended since the read: the stored doc is this snapshot, and the next commit can patch it.
      if (this.docs.lastSeq(key) === seq) this.liveBases.put(b.id, seq, { snapshot: snap.hash, header: false, ids: new Set() });
      return this.landCommit(toBranch(b), snap.hash, { ...opts, mergeParents });
    });
    return { commit, diagnostics, newEntityRows, snapshotFrom: 'whole-state' };
  }

  /**
   * Commit an open session's doc. With its changes tracked (dirty-ids.ts) this is the base
   * snapshot patched with the changed entities only — read, hashed and written in proportion to the
   * change; otherwise (first commit after a crash, a doc adopted from a room, a doc with a gap) the
   * whole doc is read once, and the commit becomes the base of the next one. Validation findings are
   * kept per snapshot, so a state already validated (workingDiagnostics) is not validated again; a
   * patched state's are derived from its base's and the changed entities (liveDiagnostics).
   * Everything from the read to the landing runs in one tick: no edit can slip in between.
   */
  private commitSession(b: BranchRow, s: BranchSession, opts: CommitOptions & { mergeParents: string[] }): CommitOutcome {
    const patched = this.prepareLive(b.id, s);
    let prepared: PreparedSnapshot;
    let diagnostics: Diagnostic[];
    let validatedBy: LiveValidation;
    let whole: Ontology | undefined;
    if (patched) {
      prepared = patched.prepared;
      ({ diagnostics, by: validatedBy } = this.liveDiagnostics(b.head, patched));
    } else {
      const o = docToOntology(s.doc);
      whole = o;
      prepared = prepareSnapshot(o);
      validatedBy = this.storedDiagnostics(prepared.hash) ? 'stored' : 'whole-state';
      diagnostics = this.diagnosticsOf(prepared.hash, () => o);
    }
    this.refuseBlocking(b.name, diagnostics);
    let newEntityRows = 0;
    const commit = this.tx(`committing ${b.name}`, () => {
      newEntityRows = this.storeSnapshot(prepared, patched?.base ?? this.commits.get(b.head).snapshot, whole).newEntities;
      const c = this.landCommit(toBranch(b), prepared.hash, opts);
      // The doc as stored up to syncedSeq is exactly what was read (the session was just flushed).
      this.liveBases.put(b.id, s.syncedSeq, { snapshot: prepared.hash, header: false, ids: new Set() });
      return c;
    });
    this.trackers.get(b.id)?.rebase(prepared.hash);
    return { commit, diagnostics, newEntityRows, snapshotFrom: patched ? 'changed-entities' : 'whole-state', validatedBy };
  }

  /**
   * Compare-and-set of a branch head: a concurrent commit on the same branch (another process)
   * must never be overwritten, so the move only happens from the head the caller saw.
   */
  private casHead(b: BranchInfo, from: string, to: string): void {
    this.tx(`moving the head of ${b.name}`, () => {
      const moved = this.db.prepare('UPDATE branches SET head = ? WHERE id = ? AND head = ?').run(to, b.id, from);
      if (moved.changes !== 1) throw new StoreError('BRANCH_IN_USE', `branch ${b.name} moved meanwhile; retry`, { branch: b.name, retryable: true });
    });
  }

  /** Move a branch head from `from` to a descendant `to` (a fast-forward); refuses anything else. */
  fastForward(name: string, from: string, to: string): void {
    const b = this.getBranch(name);
    if (!this.commits.isAncestor(from, to)) {
      throw new StoreError('BRANCH_NOT_FAST_FORWARD', `${to.slice(0, 12)} does not descend from ${from.slice(0, 12)}`, { branch: name });
    }
    this.casHead(b, from, to);
  }

  /** Resolve a ref: `HEAD` (of `branch`, default the default branch), a branch, a tag, a full or unique-prefix commit id, each optionally followed by `~N` (first-parent steps). */
  resolveRef(ref: string, opts: { branch?: string } = {}): string {
    const m = REF.exec(ref.trim());
    if (!m) throw new StoreError('REF_NOT_FOUND', `empty ref`, { ref });
    const baseName = m[1] as string;
    const steps = (m[2] ?? '').split('~').slice(1).reduce((n, s) => n + (s === '' ? 1 : Number(s)), 0);
    let id: string | undefined;
    if (baseName === 'HEAD') id = this.getBranch(opts.branch ?? this.defaultBranch).head;
    else id = this.findBranch(baseName)?.head ?? this.findTag(baseName)?.commit;
    if (!id && /^[0-9a-f]{4,64}$/i.test(baseName)) {
      const hits = this.commits.byPrefix(baseName);
      if (hits.length > 1) throw new StoreError('REF_AMBIGUOUS', `commit prefix ${baseName} is ambiguous; give more characters`, { ref });
      id = hits[0];
    }
    if (!id) throw new StoreError('REF_NOT_FOUND', `no branch, tag or commit named "${baseName}"`, { ref });
    return steps > 0 ? this.commits.firstParentAncestor(id, steps) : id;
  }

  getCommit(ref: string, opts: { branch?: string } = {}): Commit {
    return this.commits.get(this.resolveRef(ref, opts));
  }

  log(ref: string, opts: { limit?: number; offset?: number; firstParent?: boolean; branch?: string } = {}): Commit[] {
    return this.commits.log(this.resolveRef(ref, opts), opts);
  }

  /** A commit and what it changed relative to its first parent (everything, for a root commit). */
  show(ref: string, opts: { branch?: string } = {}): { commit: Commit; diff: OntologyDiff } {
    const commit = this.getCommit(ref, opts);
    const parent = commit.parents[0];
    if (parent) return { commit, diff: this.diffSnapshots(this.commits.get(parent).snapshot, commit.snapshot) };
    const after = this.snapshots.read(commit.snapshot);
    return { commit, diff: diffOntologies({ ...emptyOntology(after.name), description: after.description, meta: after.meta }, after) };
  }

  /** The ontology of a commit, read-only (time travel). */
  checkout(ref: string, opts: { branch?: string } = {}): Ontology {
    return this.snapshots.read(this.getCommit(ref, opts).snapshot);
  }

  /** canonicalJson(checkout(ref), { pretty }), written from the stored rows without building the ontology. */
  checkoutText(ref: string, opts: { branch?: string; pretty?: boolean } = {}): string {
    return this.snapshots.canonicalText(this.commitSnapshot(ref, opts), { pretty: opts.pretty });
  }

  /** checkoutText(ref, opts) handed to `write` in pieces (~1 MB each, in order), so a caller writing a file never holds it whole. */
  writeCheckout(ref: string, write: (chunk: string) => void, opts: { branch?: string; pretty?: boolean } = {}): void {
    this.snapshots.writeCanonicalText(this.commitSnapshot(ref, opts), write, { pretty: opts.pretty });
  }

  private commitSnapshot(ref: string, opts: { branch?: string }): string {
    return this.getCommit(ref, opts.branch === undefined ? {} : { branch: opts.branch }).snapshot;
  }

  /** Snapshot hash of a side: a commit's, or the working state's when the branch has no live doc. */
  private snapshotOf(side: DiffSide, branch: string): string | undefined {
    if (side !== WORKING) return this.getCommit(side, { branch }).snapshot;
    return this.getBranchRow(branch).working ?? undefined;
  }

  /**
   * Semantic diff of two stored snapshots, reading only what differs: equal bucket hashes are
   * skipped whole, and within the others only entities whose hashes differ are read.
   */
  diffSnapshots(a: string, b: string): OntologyDiff {
    const { before, after } = this.snapshots.readDifference(a, b);
    return diffOntologies(before, after);
  }

  /** Semantic diff between two refs, or a ref and the working state of `branch` (WORKING). */
  async diff(a: DiffSide, b: DiffSide, opts: { branch?: string } = {}): Promise<OntologyDiff> {
    const branch = opts.branch ?? this.defaultBranch;
    const ha = this.snapshotOf(a, branch);
    const hb = this.snapshotOf(b, branch);
    if (ha && hb) return this.diffSnapshots(ha, hb);
    const read = (side: DiffSide): Promise<Ontology> | Ontology =>
      side === WORKING ? this.readWorking(branch) : this.checkout(side, opts);
    return diffOntologies(await read(a), await read(b));
  }

  /** Lowest common ancestor of two refs (rule for criss-cross merges: see CommitGraph.mergeBase). */
  mergeBase(a: string, b: string): Commit | undefined {
    return this.commits.mergeBase(this.resolveRef(a), this.resolveRef(b));
  }

  /** Working state differs from the head? Free for a branch without a live doc (hash against hash). */
  async status(name: string): Promise<{ branch: BranchInfo; dirty: boolean; workingHash: string; stamp: string }> {
    const row = this.getBranchRow(name);
    const stamp = this.workingStamp(row.id);
    const workingHash = row.working ?? (await this.liveHash(row));
    const dirty = (row.working ? this.snapshots.contentKey(row.working) : workingHash) !== this.snapshots.contentKey(this.commits.get(row.head).snapshot);
    return { branch: toBranch(row), dirty, workingHash, stamp };
  }

  /** The snapshot address a live branch's working state would commit as (nothing is written). */
  private async liveHash(row: BranchRow): Promise<string> {
    const s = await this.syncedSession(row);
    const live = s && this.prepareLive(row.id, s);
    return live ? live.prepared.hash : this.snapshots.hashOf(await this.readWorking(row.name));
  }

  // ── tags ────────────────────────────────────────────────────────────────────────────────────

  /** Checks and insert under one write lock: a branch or tag of that name cannot appear in between. */
  createTag(name: string, ref: string, opts: { message?: string; version?: string; tagger?: string } = {}): TagInfo {
    if (!TAG_NAME.test(name) || name === 'HEAD' || name.includes('~')) throw new StoreError('STORE_INVALID_ARG', `invalid tag name "${name}"`, { name });
    return this.tx(`creating tag ${name}`, () => {
      if (this.findTag(name)) throw new StoreError('TAG_EXISTS', `tag "${name}" already exists`, { tag: name });
      if (this.findBranch(name)) throw new StoreError('TAG_EXISTS', `"${name}" is a branch name; pick another tag name`, { tag: name });
      const commit = this.resolveRef(ref);
      this.db.prepare('INSERT INTO tags (name, commit_id, message, version, tagger, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(name, commit, opts.message ?? '', opts.version ?? null, opts.tagger ?? 'oms', this.now());
      return this.findTag(name) as TagInfo;
    });
  }

  findTag(name: string): TagInfo | undefined {
    const r = this.db.prepare('SELECT * FROM tags WHERE name = ?').get(name) as { name: string; commit_id: string; message: string; version: string | null; tagger: string; created_at: number } | undefined;
    return r && { name: r.name, commit: r.commit_id, message: r.message, version: r.version, tagger: r.tagger, createdAt: r.created_at };
  }

  listTags(): TagInfo[] {
    return (this.db.prepare('SELECT name FROM tags ORDER BY created_at, name').pluck().all() as string[]).map((n) => this.findTag(n) as TagInfo);
  }

  deleteTag(name: string): void {
    this.tx(`deleting tag ${name}`, () => {
      if (this.db.prepare('DELETE FROM tags WHERE name = ?').run(name).changes === 0) throw new StoreError('TAG_NOT_FOUND', `no tag "${name}"`, { tag: name });
    });
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────────────────────

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORAGE_CLOSED', `workspace ${this.name} is closed`);
  }

  /** Close open sessions (flushing them), then the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const s of await Promise.all(this.sessions.values())) await s.close();
    this.closed = true;
    await this.docs.close();
    this.db.close();
  }

  /** True when opened with `readOnly`. */
  get isReadOnly(): boolean {
    return this.readOnly;
  }
}
