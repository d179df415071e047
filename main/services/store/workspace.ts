/**
 * The workspace store: one SQLite file per workspace holding its branches' live Yjs docs
 * (SqliteDocStorage), the commit DAG, per-entity content-addressed snapshots and tags.
 * The desktop's IPC handlers, the CLI and the web host all use this class; it never imports electron.
 *
 * Why one file per workspace (not one per app): a workspace is the unit users copy, back up, share
 * and delete, and damage to one file stays in that workspace; each file has its own WAL writer lock,
 * so a long compaction or import in one workspace never blocks typing in another.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as Y from 'yjs';
import { canonicalJson, emptyOntology, newId, parseOntology, type Ontology } from '../../../core/model';
import type { DocKey } from '../../../core/storage/doc-storage';
import { ORIGIN, applyOntology, docToOntology, ontologyToDoc, type Origin } from '../../../core/yjs';
import { diffOntologies, type OntologyDiff } from '../../../core/diff';
import { merge3, type Conflict } from '../../../core/merge';
import { validate, type Diagnostic } from '../../../core/validate';
import { BranchSession, docFromState, type BranchSessionOptions } from './branch-session';
import { CommitGraph, type Commit } from './commit-graph';
import { StoreError } from './errors';
import { sha256 } from './hash';
import { migrate } from './migrations';
import { WORKSPACE_FILE_SUFFIX, checkWorkspaceName, workspaceFile } from './paths';
import { SnapshotStore } from './snapshots';
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
  /** Clock for commit times (tests). */
  now?: () => number;
}

export interface CreateWorkspaceOptions extends WorkspaceOptions {
  /** Initial content of `main` (default: an empty ontology named after the workspace). */
  from?: Ontology;
  author?: string;
  message?: string;
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
}

/** A ref naming the working state of a branch in `diff`. */
export const WORKING = Symbol('working state');
export type DiffSide = string | typeof WORKING;

const BRANCH_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$/;
const TAG_NAME = BRANCH_NAME;
const REF = /^(.+?)((?:~\d*)*)$/;

interface BranchRow {
  id: string;
  name: string;
  head: string;
  protected: number;
  upstream: string | null;
  created_at: number;
}

const toBranch = (r: BranchRow): BranchInfo => ({ id: r.id, name: r.name, head: r.head, protected: r.protected === 1, upstream: r.upstream, createdAt: r.created_at });

export class Workspace {
  static readonly WORKING: typeof WORKING = WORKING;
  readonly docs: SqliteDocStorage;
  readonly snapshots: SnapshotStore;
  readonly commits: CommitGraph;
  private readonly sessions = new Map<string, Promise<BranchSession>>();
  private readonly now: () => number;
  private closed = false;

  private constructor(
    readonly name: string,
    readonly file: string,
    readonly db: SqliteDatabase,
    /** Stable id of the workspace (DocKey.workspace of its docs), kept if the file is renamed. */
    readonly id: string,
    private readonly options: WorkspaceOptions,
  ) {
    this.docs = new SqliteDocStorage(db);
    this.snapshots = new SnapshotStore(db);
    this.commits = new CommitGraph(db);
    this.now = options.now ?? Date.now;
  }

  private static openDb(file: string, create: boolean, options: WorkspaceOptions): SqliteDatabase {
    const db = openStoreDatabase(file, { create, durability: options.durability ?? 'full', verify: options.verify ?? true });
    try {
      migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  static async create(root: string, name: string, options: CreateWorkspaceOptions = {}): Promise<Workspace> {
    const file = workspaceFile(root, name);
    try {
      statSync(file);
      throw new StoreError('WORKSPACE_EXISTS', `workspace "${name}" already exists at ${file}`, { workspace: name, file });
    } catch (err) {
      if (err instanceof StoreError) throw err;
    }
    mkdirSync(dirname(file), { recursive: true });
    const db = Workspace.openDb(file, true, options);
    const id = newId();
    db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('id', ?), ('name', ?), ('default_branch', 'main')").run(id, name);
    const ws = new Workspace(name, file, db, id, options);
    const initial = options.from ?? emptyOntology(name);
    const commit = ws.writeCommit({ ontology: initial, parents: [], author: options.author ?? 'oms', message: options.message ?? `Create workspace ${name}` });
    const branch = ws.insertBranch('main', commit.id, { protected: false });
    await ws.replaceDoc(branch, initial);
    return ws;
  }

  static async open(root: string, name: string, options: WorkspaceOptions = {}): Promise<Workspace> {
    const file = workspaceFile(root, name);
    let exists = true;
    try {
      statSync(file);
    } catch {
      exists = false;
    }
    if (!exists) throw new StoreError('WORKSPACE_NOT_FOUND', `no workspace "${name}" in ${root}`, { workspace: name, root });
    const db = Workspace.openDb(file, false, options);
    const row = db.prepare("SELECT value FROM workspace_meta WHERE key = 'id'").get() as { value: string } | undefined;
    if (!row) {
      db.close();
      throw new StoreError('STORE_CORRUPT', `${file} has no workspace id; it is not a complete OMS workspace`, { file });
    }
    return new Workspace(name, file, db, row.value, options);
  }

  static list(root: string): WorkspaceInfo[] {
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

  // ── branches ────────────────────────────────────────────────────────────────────────────────

  get defaultBranch(): string {
    const row = this.db.prepare("SELECT value FROM workspace_meta WHERE key = 'default_branch'").get() as { value: string } | undefined;
    return row?.value ?? 'main';
  }

  listBranches(): BranchInfo[] {
    return (this.db.prepare('SELECT * FROM branches ORDER BY name').all() as BranchRow[]).map(toBranch);
  }

  findBranch(name: string): BranchInfo | undefined {
    const row = this.db.prepare('SELECT * FROM branches WHERE name = ?').get(name) as BranchRow | undefined;
    return row && toBranch(row);
  }

  getBranch(name: string): BranchInfo {
    const b = this.findBranch(name);
    if (!b) throw new StoreError('BRANCH_NOT_FOUND', `no branch "${name}" in workspace ${this.name}`, { branch: name, workspace: this.name });
    return b;
  }

  private docKey(branch: BranchInfo): DocKey {
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

  private insertBranch(name: string, head: string, opts: { protected?: boolean; upstream?: string | null }): BranchInfo {
    this.checkNewBranchName(name);
    const id = newId();
    this.db.prepare('INSERT INTO branches (id, name, head, protected, upstream, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, name, head, opts.protected ? 1 : 0, opts.upstream ?? null, this.now());
    return this.getBranch(name);
  }

  /** New branch at `from` (any ref; default: the default branch's head). Its working state is that commit. */
  async createBranch(name: string, opts: { from?: string; protected?: boolean; upstream?: string | null } = {}): Promise<BranchInfo> {
    const head = this.resolveRef(opts.from ?? this.defaultBranch);
    const branch = this.insertBranch(name, head, opts);
    await this.replaceDoc(branch, this.snapshots.read(this.commits.get(head).snapshot));
    return branch;
  }

  renameBranch(from: string, to: string): BranchInfo {
    const b = this.getBranch(from);
    this.checkNewBranchName(to);
    this.db.transaction(() => {
      this.db.prepare('UPDATE branches SET name = ? WHERE id = ?').run(to, b.id);
      this.db.prepare('UPDATE branches SET upstream = ? WHERE upstream = ?').run(to, from);
      if (this.defaultBranch === from) this.db.prepare("UPDATE workspace_meta SET value = ? WHERE key = 'default_branch'").run(to);
    }).immediate();
    return this.getBranch(to);
  }

  async deleteBranch(name: string, opts: { force?: boolean } = {}): Promise<void> {
    const b = this.getBranch(name);
    if (b.protected && !opts.force) throw new StoreError('BRANCH_PROTECTED', `branch "${name}" is protected; unprotect it first`, { branch: name });
    if (name === this.defaultBranch) throw new StoreError('BRANCH_PROTECTED', `"${name}" is the default branch and cannot be deleted`, { branch: name });
    if (this.sessions.has(b.id)) throw new StoreError('BRANCH_IN_USE', `branch "${name}" is open; close it first`, { branch: name });
    // Uncommitted work lives only in the branch's doc: deleting it is not undoable.
    if (!opts.force && (await this.status(name)).dirty) {
      throw new StoreError('BRANCH_DIRTY', `branch "${name}" has uncommitted changes; commit or discard them, or delete with force`, { branch: name });
    }
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM branches WHERE id = ?').run(b.id);
      this.db.prepare('DELETE FROM working_cache WHERE branch_id = ?').run(b.id);
    }).immediate();
    await this.docs.deleteDoc(this.docKey(b));
  }

  setProtected(name: string, value: boolean): BranchInfo {
    const b = this.getBranch(name);
    this.db.prepare('UPDATE branches SET protected = ? WHERE id = ?').run(value ? 1 : 0, b.id);
    return this.getBranch(name);
  }

  setUpstream(name: string, upstream: string | null): BranchInfo {
    const b = this.getBranch(name);
    if (upstream !== null && upstream.length === 0) throw new StoreError('STORE_INVALID_ARG', 'upstream must be a non-empty name or null');
    this.db.prepare('UPDATE branches SET upstream = ? WHERE id = ?').run(upstream, b.id);
    return this.getBranch(name);
  }

  // ── live state ──────────────────────────────────────────────────────────────────────────────

  /** Open a branch for editing; the same session is shared while it is open. */
  openBranch(name: string): Promise<BranchSession> {
    this.assertOpen();
    const b = this.getBranch(name);
    const existing = this.sessions.get(b.id);
    // A session on its way out stays listed until its last flush lands; handing it out would let
    // the caller edit a doc that is about to stop persisting. Wait for it, then open afresh.
    if (existing) return existing.then((s) => (s.isClosing ? s.close().then(() => this.openBranch(name)) : s));
    const opening = BranchSession.open(name, this.docKey(b), this.docs, this.options.session ?? {}, (s) => this.onSessionClose(b.id, s));
    this.sessions.set(b.id, opening);
    opening.catch(() => this.sessions.delete(b.id));
    return opening;
  }

  private async onSessionClose(branchId: string, s: BranchSession): Promise<void> {
    this.sessions.delete(branchId);
    const size = await this.docs.docSize(s.key);
    if (size.updates >= (this.options.compactThreshold ?? 1000)) await this.docs.compactDoc(s.key);
    // Only a doc holding every stored update may stand for that seq: if another process appended
    // meanwhile, caching this doc at the latest seq would hide its edits from every later read.
    if (this.docs.lastSeq(s.key) === s.syncedSeq) this.writeCache(branchId, s.syncedSeq, docToOntology(s.doc));
  }

  /**
   * The open session of a branch, flushed and holding what other processes (the CLI while the app
   * has the branch open) appended to its doc, so reads, commits and edits see the stored state.
   */
  private async syncedSession(b: BranchInfo): Promise<BranchSession | undefined> {
    const open = this.sessions.get(b.id);
    if (!open) return undefined;
    const s = await open;
    await s.flush();
    if (this.docs.lastSeq(s.key) !== s.syncedSeq) await s.catchUp();
    return s;
  }

  private writeCache(branchId: string, seq: number, o: Ontology): void {
    this.db.prepare('INSERT INTO working_cache (branch_id, seq, json) VALUES (?, ?, ?) ON CONFLICT(branch_id) DO UPDATE SET seq = excluded.seq, json = excluded.json').run(branchId, seq, canonicalJson(o));
  }

  /** The working state of a branch: from its open session, else the JSON cache when current, else its doc. */
  async readWorking(name: string): Promise<Ontology> {
    const b = this.getBranch(name);
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
  }

  /**
   * Run `fn` on the branch's doc and persist what it changed: on the open session's doc if there is
   * one, else on a doc loaded just for this (its new state `result` then refreshes the JSON cache).
   */
  private async withDoc<T>(name: string, fn: (doc: Y.Doc) => { out: T; result: Ontology }): Promise<T> {
    this.assertOpen();
    const b = this.getBranch(name);
    const s = await this.syncedSession(b);
    if (s) {
      const { out } = fn(s.doc);
      await s.flush();
      return out;
    }
    const key = this.docKey(b);
    const state = await this.docs.loadDoc(key);
    const doc = docFromState(state);
    try {
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      const { out, result } = fn(doc);
      const { seq } = await this.docs.appendUpdates(key, updates);
      // `result` is the state at `seq` only if nobody (another process) appended since our load.
      if (seq === state.seq + updates.length) this.writeCache(b.id, seq, result);
      return out;
    } finally {
      doc.destroy();
    }
  }

  /** A fresh doc for a branch holding exactly `o` (branch creation; the old doc, if any, is dropped). */
  private async replaceDoc(branch: BranchInfo, o: Ontology): Promise<void> {
    const key = this.docKey(branch);
    await this.docs.deleteDoc(key);
    const doc = ontologyToDoc(o);
    const { seq } = await this.docs.appendUpdates(key, [Y.encodeStateAsUpdate(doc)]);
    doc.destroy();
    this.writeCache(branch.id, seq, o);
  }

  /**
   * Make the working state of `name` equal `o` (one transaction with `origin`; a no-op when equal).
   * With `expect`, refuses (BRANCH_IN_USE, nothing changed) unless the working state still equals it
   * at the moment of applying: a result computed from an earlier read would silently drop later edits.
   */
  async setWorking(name: string, o: Ontology, origin: Origin = ORIGIN.import, opts: { expect?: Ontology } = {}): Promise<OntologyDiff> {
    const target = parseOntology(o);
    return this.withDoc(name, (doc) => {
      const current = docToOntology(doc);
      if (opts.expect && canonicalJson(current) !== canonicalJson(opts.expect)) {
        throw new StoreError('BRANCH_IN_USE', `the working state of ${name} changed meanwhile; retry`, { branch: name });
      }
      const d = diffOntologies(current, target);
      applyOntology(doc, target, origin);
      return { out: d, result: target };
    });
  }

  /** Make the working state equal a commit (time travel made current). Undoable as one merge step. */
  async restore(name: string, ref: string): Promise<OntologyDiff> {
    return this.setWorking(name, this.checkout(ref), ORIGIN.merge);
  }

  /** Drop uncommitted changes: the working state becomes the branch head again. */
  async discard(name: string): Promise<OntologyDiff> {
    return this.restore(name, this.getBranch(name).head);
  }

  /**
   * Undo what `ref` changed, on top of the working state: a three-way merge with the commit as base,
   * the working state as ours and the commit's parent as theirs (what git revert does). Conflicts
   * that the default rules cannot settle refuse the revert (REVERT_CONFLICT) and change nothing.
   */
  async revert(name: string, ref: string, opts: { branch?: string } = {}): Promise<{ diff: OntologyDiff; reverted: Commit }> {
    const c = this.commits.get(this.resolveRef(ref, { branch: opts.branch ?? name }));
    const parent = c.parents[0];
    if (!parent) throw new StoreError('STORE_INVALID_ARG', `commit ${c.id.slice(0, 12)} has no parent; there is nothing to revert to`, { commit: c.id });
    if (c.parents.length > 1) throw new StoreError('STORE_INVALID_ARG', `commit ${c.id.slice(0, 12)} is a merge; reverting merges is not supported (restore an earlier commit instead)`, { commit: c.id });
    const diff = await this.unapply(name, this.snapshots.read(this.commits.get(parent).snapshot), this.snapshots.read(c.snapshot), {
      what: `reverting ${c.id.slice(0, 12)}`, details: { commit: c.id },
    });
    return { diff, reverted: c };
  }

  /**
   * Take the change `before` → `after` back out of the working state, keeping every other edit in it:
   * a three-way merge with `after` as base, the working state as ours and `before` as theirs.
   * Refused with REVERT_CONFLICT (nothing changed) when later edits overlap the change.
   */
  async unapply(name: string, before: Ontology, after: Ontology, opts: { what?: string; details?: Record<string, unknown> } = {}): Promise<OntologyDiff> {
    return this.withDoc(name, (doc) => {
      const ours = docToOntology(doc);
      const merged = merge3(after, ours, before);
      if (merged.conflicts.length > 0) {
        throw new StoreError('REVERT_CONFLICT', `${opts.what ?? 'undoing the change'} conflicts with later changes (${merged.conflicts.length}): ${merged.conflicts.slice(0, 3).map((x: Conflict) => x.message).join('; ')}`, {
          ...opts.details, conflicts: merged.conflicts,
        });
      }
      const d = diffOntologies(ours, merged.result);
      applyOntology(doc, merged.result, ORIGIN.merge);
      return { out: d, result: merged.result };
    });
  }

  // ── history ─────────────────────────────────────────────────────────────────────────────────

  private writeCommit(args: { ontology: Ontology; parents: string[]; author: string; message: string }): Commit {
    return this.db.transaction(() => {
      const snap = this.snapshots.write(args.ontology);
      return this.commits.add({ parents: args.parents, snapshot: snap.hash, author: args.author, message: args.message, time: this.now() });
    }).immediate();
  }

  /**
   * Commit the branch's working state. Refused with COMMIT_BLOCKED (diagnostics in `details`) when
   * validation reports BLOCK, and with COMMIT_EMPTY when nothing changed since the head.
   */
  async commit(name: string, opts: CommitOptions): Promise<CommitOutcome> {
    if (!opts.message.trim()) throw new StoreError('STORE_INVALID_ARG', 'a commit needs a message');
    if (!opts.author.trim()) throw new StoreError('STORE_INVALID_ARG', 'a commit needs an author');
    const b = this.getBranch(name);
    const working = await this.readWorking(name);
    const diagnostics = validate(working);
    const blocking = diagnostics.filter((d) => d.severity === 'BLOCK');
    if (blocking.length > 0) {
      throw new StoreError('COMMIT_BLOCKED', `cannot commit to ${name}: ${blocking.length} blocking problem(s), first: ${blocking[0]?.path}: ${blocking[0]?.message}`, { branch: name, diagnostics: blocking });
    }
    const head = this.commits.get(b.head);
    const mergeParents = (opts.mergeParents ?? []).map((r) => this.resolveRef(r));
    let newEntityRows = 0;
    const commit = this.db.transaction(() => {
      // count(*) before and after would scan every entity row in the store on each commit.
      const snap = this.snapshots.write(working);
      newEntityRows = snap.newEntities;
      if (snap.hash === head.snapshot && mergeParents.length === 0 && !opts.allowEmpty) {
        throw new StoreError('COMMIT_EMPTY', `nothing to commit on ${name}: the working state equals ${head.id.slice(0, 12)}`, { branch: name });
      }
      const c = this.commits.add({ parents: [head.id, ...mergeParents], snapshot: snap.hash, author: opts.author, message: opts.message, time: this.now() });
      this.casHead(b, head.id, c.id);
      return c;
    }).immediate();
    return { commit, diagnostics, newEntityRows };
  }

  /**
   * Compare-and-set of a branch head: a concurrent commit on the same branch (another process)
   * must never be overwritten, so the move only happens from the head the caller saw.
   */
  private casHead(b: BranchInfo, from: string, to: string): void {
    const moved = this.db.prepare('UPDATE branches SET head = ? WHERE id = ? AND head = ?').run(to, b.id, from);
    if (moved.changes !== 1) throw new StoreError('BRANCH_IN_USE', `branch ${b.name} moved meanwhile; retry`, { branch: b.name });
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
    const after = this.snapshots.read(commit.snapshot);
    const parent = commit.parents[0];
    const before = parent ? this.snapshots.read(this.commits.get(parent).snapshot) : { ...emptyOntology(after.name), description: after.description, meta: after.meta };
    return { commit, diff: diffOntologies(before, after) };
  }

  /** The ontology of a commit, read-only (time travel). */
  checkout(ref: string, opts: { branch?: string } = {}): Ontology {
    return this.snapshots.read(this.getCommit(ref, opts).snapshot);
  }

  /** Semantic diff between two refs, or a ref and the working state of `branch` (WORKING). */
  async diff(a: DiffSide, b: DiffSide, opts: { branch?: string } = {}): Promise<OntologyDiff> {
    const read = (side: DiffSide): Promise<Ontology> | Ontology =>
      side === WORKING ? this.readWorking(opts.branch ?? this.defaultBranch) : this.checkout(side, opts);
    return diffOntologies(await read(a), await read(b));
  }

  /** Lowest common ancestor of two refs (rule for criss-cross merges: see CommitGraph.mergeBase). */
  mergeBase(a: string, b: string): Commit | undefined {
    return this.commits.mergeBase(this.resolveRef(a), this.resolveRef(b));
  }

  /** Working state differs from the head? */
  async status(name: string): Promise<{ branch: BranchInfo; dirty: boolean; workingHash: string }> {
    const b = this.getBranch(name);
    const working = await this.readWorking(name);
    const workingHash = sha256(canonicalJson(working));
    return { branch: b, dirty: workingHash !== this.commits.get(b.head).snapshot, workingHash };
  }

  // ── tags ────────────────────────────────────────────────────────────────────────────────────

  createTag(name: string, ref: string, opts: { message?: string; version?: string; tagger?: string } = {}): TagInfo {
    if (!TAG_NAME.test(name) || name === 'HEAD' || name.includes('~')) throw new StoreError('STORE_INVALID_ARG', `invalid tag name "${name}"`, { name });
    if (this.findTag(name)) throw new StoreError('TAG_EXISTS', `tag "${name}" already exists`, { tag: name });
    if (this.findBranch(name)) throw new StoreError('TAG_EXISTS', `"${name}" is a branch name; pick another tag name`, { tag: name });
    const commit = this.resolveRef(ref);
    this.db.prepare('INSERT INTO tags (name, commit_id, message, version, tagger, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(name, commit, opts.message ?? '', opts.version ?? null, opts.tagger ?? 'oms', this.now());
    return this.findTag(name) as TagInfo;
  }

  findTag(name: string): TagInfo | undefined {
    const r = this.db.prepare('SELECT * FROM tags WHERE name = ?').get(name) as { name: string; commit_id: string; message: string; version: string | null; tagger: string; created_at: number } | undefined;
    return r && { name: r.name, commit: r.commit_id, message: r.message, version: r.version, tagger: r.tagger, createdAt: r.created_at };
  }

  listTags(): TagInfo[] {
    return (this.db.prepare('SELECT name FROM tags ORDER BY created_at, name').pluck().all() as string[]).map((n) => this.findTag(n) as TagInfo);
  }

  deleteTag(name: string): void {
    if (this.db.prepare('DELETE FROM tags WHERE name = ?').run(name).changes === 0) throw new StoreError('TAG_NOT_FOUND', `no tag "${name}"`, { tag: name });
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
}
