/**
 * Content-addressed object transfer over a commit-store database (the schema of
 * main/services/store: entities, manifest_buckets, snapshots, commits). Every object is verified
 * against its address before it is stored, and only when what it references is present, so a
 * store filled by pushes is as consistent as one filled by local commits.
 */
import { canonicalJson, parseOntology } from '../../../core/model';
import { OmsError } from '../../../core/errors';
import type { HistoryObject, ObjectRef, ObjectType } from '../../../core/contract/history-api';
import { CommitGraph, commitId } from './commit-graph';
import { isMerkleSnapshotHash, merkleSnapshotHash, sha256 } from './hash';
import { SnapshotStore } from './snapshots';
import { verifyBucket, verifyBucketList, verifyHeader, type BucketPlace } from './snapshot-verify';
import type { SqliteDatabase } from './sqlite-file';

export class ObjectRejected extends OmsError {}

const TABLE: Record<Exclude<ObjectType, 'commit'>, { table: string; key: string }> = {
  entity: { table: 'entities', key: 'hash' },
  bucket: { table: 'manifest_buckets', key: 'hash' },
  snapshot: { table: 'snapshots', key: 'hash' },
};
/** Dependencies first, so one push can carry a whole commit. */
const ORDER: ObjectType[] = ['entity', 'bucket', 'snapshot', 'commit'];

type BucketEntry = [string, string, string];
type CommitObject = Extract<HistoryObject, { type: 'commit' }>;

/** Commits of one batch ordered so that every parent in the batch comes before its children. */
function parentsFirst(commits: CommitObject[]): CommitObject[] {
  const byId = new Map(commits.map((c) => [c.hash, c]));
  const out: CommitObject[] = [];
  const done = new Set<string>();
  // A forged batch may contain a cycle (real ids cannot): never revisit a commit on the stack.
  const onStack = new Set<string>();
  const visit = (c: CommitObject): void => {
    // Iterative DFS: histories can be long chains.
    const stack: Array<[CommitObject, number]> = [[c, 0]];
    onStack.add(c.hash);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      if (done.has(node.hash)) {
        stack.pop();
        continue;
      }
      const parent = node.parents[i];
      if (parent === undefined) {
        done.add(node.hash);
        onStack.delete(node.hash);
        out.push(node);
        stack.pop();
        continue;
      }
      top[1]++;
      const p = byId.get(parent);
      if (p && !done.has(p.hash) && !onStack.has(p.hash)) {
        onStack.add(p.hash);
        stack.push([p, 0]);
      }
    }
  };
  for (const c of commits) visit(c);
  return out;
}

export class ObjectStore {
  private readonly commits: CommitGraph;
  private readonly snapshots: SnapshotStore;
  private readonly has: Record<ObjectType, (hash: string) => boolean>;
  private readonly entityBody;
  /** Buckets checked in the current put, so its snapshots need not re-read them. */
  private readonly placed = new Map<string, BucketPlace>();
  /** Entities whose canonical form was checked, over this store's life (tests read it). */
  verifiedEntities = 0;

  constructor(private readonly db: SqliteDatabase) {
    this.commits = new CommitGraph(db);
    this.snapshots = new SnapshotStore(db);
    const exists = (table: string, key: string) => {
      const stmt = db.prepare<[string], { x: number }>(`SELECT 1 AS x FROM ${table} WHERE ${key} = ?`);
      return (hash: string) => stmt.get(hash) !== undefined;
    };
    this.has = {
      entity: exists('entities', 'hash'),
      bucket: exists('manifest_buckets', 'hash'),
      snapshot: exists('snapshots', 'hash'),
      commit: exists('commits', 'id'),
    };
    const entity = db.prepare<[string], { body: string }>('SELECT body FROM entities WHERE hash = ?');
    this.entityBody = (hash: string): string | undefined => entity.get(hash)?.body;
  }

  missing(refs: readonly ObjectRef[]): ObjectRef[] {
    return refs.filter((r) => !this.has[r.type](r.hash));
  }

  get(refs: readonly ObjectRef[]): HistoryObject[] {
    return refs.map((r) => this.read(r));
  }

  private read(r: ObjectRef): HistoryObject {
    const notFound = () => new ObjectRejected('OBJECT_NOT_FOUND', `no ${r.type} ${r.hash}`, { type: r.type, hash: r.hash });
    if (r.type === 'commit') {
      const c = this.commits.find(r.hash);
      if (!c) throw notFound();
      return { type: 'commit', hash: c.id, parents: c.parents, snapshot: c.snapshot, author: c.author, message: c.message, time: c.time };
    }
    const { table, key } = TABLE[r.type];
    if (r.type === 'snapshot') {
      const row = this.db.prepare<[string], { header: string; buckets: string; entity_count: number }>(`SELECT header, buckets, entity_count FROM ${table} WHERE ${key} = ?`).get(r.hash);
      if (!row) throw notFound();
      return { type: 'snapshot', hash: r.hash, header: row.header, buckets: JSON.parse(row.buckets) as Record<string, string>, entityCount: row.entity_count };
    }
    const row = this.db.prepare<[string], { body: string }>(`SELECT body FROM ${table} WHERE ${key} = ?`).get(r.hash);
    if (!row) throw notFound();
    return { type: r.type, hash: r.hash, body: row.body };
  }

  /**
   * Store a batch in one transaction: all or nothing. Objects already present are counted as
   * `existing` (pushing twice is harmless); any bad object rejects the whole batch.
   */
  put(objects: readonly HistoryObject[]): { stored: number; existing: number } {
    const sorted = [...objects].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
    const commits = parentsFirst(sorted.filter((o): o is CommitObject => o.type === 'commit'));
    sorted.splice(sorted.length - commits.length, commits.length, ...commits);
    try {
      return this.db.transaction(() => {
        let stored = 0;
        let existing = 0;
        for (const o of sorted) {
          if (this.has[o.type](o.hash)) {
            existing++;
            continue;
          }
          this.putOne(o);
          stored++;
        }
        return { stored, existing };
      }).immediate();
    } finally {
      this.placed.clear();
    }
  }

  private reject(o: HistoryObject, why: string): never {
    throw new ObjectRejected('OBJECT_INVALID', `${o.type} ${o.hash}: ${why}`, { type: o.type, hash: o.hash });
  }

  private putOne(o: HistoryObject): void {
    switch (o.type) {
      case 'entity': {
        if (sha256(o.body) !== o.hash) this.reject(o, 'hash does not match its body');
        try {
          JSON.parse(o.body);
        } catch {
          this.reject(o, 'body is not JSON');
        }
        this.db.prepare('INSERT INTO entities (hash, body) VALUES (?, ?)').run(o.hash, o.body);
        return;
      }
      case 'bucket': {
        if (sha256(o.body) !== o.hash) this.reject(o, 'hash does not match its body');
        let entries: unknown;
        try {
          entries = JSON.parse(o.body);
        } catch {
          this.reject(o, 'body is not JSON');
        }
        if (!Array.isArray(entries)) this.reject(o, 'body must be a list of [collection, id, entityHash]');
        for (const e of entries as unknown[]) {
          if (!Array.isArray(e) || e.length !== 3 || !e.every((x) => typeof x === 'string')) this.reject(o, 'malformed entry');
        }
        // verifyBucket reads each entity once, and refuses one that is not stored.
        const list = entries as BucketEntry[];
        this.placed.set(o.hash, verifyBucket(o.body, list, this.entityBody, (why) => this.reject(o, why)));
        this.verifiedEntities += list.length;
        this.db.prepare('INSERT INTO manifest_buckets (hash, body) VALUES (?, ?)').run(o.hash, o.body);
        return;
      }
      case 'snapshot': {
        for (const bh of Object.values(o.buckets)) if (!this.has.bucket(bh)) this.reject(o, `references missing bucket ${bh}`);
        this.db.prepare('INSERT INTO snapshots (hash, header, buckets, entity_count) VALUES (?, ?, ?, ?)').run(o.hash, o.header, JSON.stringify(o.buckets), o.entityCount);
        this.verifySnapshot(o);
        return;
      }
      case 'commit': {
        if (!this.has.snapshot(o.snapshot)) this.reject(o, `references missing snapshot ${o.snapshot}`);
        for (const p of o.parents) if (!this.has.commit(p)) this.reject(o, `references missing parent ${p}`);
        const fields = { parents: o.parents, snapshot: o.snapshot, author: o.author, message: o.message, time: o.time };
        if (commitId(fields) !== o.hash) this.reject(o, 'id does not match its content');
        this.commits.add(fields);
        return;
      }
    }
  }

  /**
   * A snapshot's address must be the one its content has (v1: the whole canonical JSON's hash; v2:
   * the Merkle hash of its header and buckets) and that content must be a valid ontology in
   * canonical form, so equal ontologies always have equal addresses. A v2 snapshot's entities were
   * checked with their buckets (snapshot-verify.ts), so only its header and bucket list are read
   * here. Runs after the row is inserted (the transaction rolls it back on a refusal).
   */
  private verifySnapshot(o: Extract<HistoryObject, { type: 'snapshot' }>): void {
    const reject: (why: string) => never = (why) => this.reject(o, why);
    if (isMerkleSnapshotHash(o.hash)) {
      if (merkleSnapshotHash(o.header, o.buckets) !== o.hash) reject('hash does not match its header and buckets');
      verifyHeader(o.header, reject);
      verifyBucketList(this.db, o.buckets, o.entityCount, (h) => this.placed.get(h), reject);
      return;
    }
    let json: string;
    try {
      json = canonicalJson(parseOntology(this.snapshots.read(o.hash)));
    } catch (err) {
      reject(`does not rebuild a valid ontology: ${(err as Error).message.slice(0, 200)}`);
    }
    if (sha256(json) !== o.hash) reject('hash does not match the ontology it rebuilds');
  }

  /** Refs of every object reachable from `want` and not from `have` (commits, snapshots, buckets, entities). */
  closure(want: readonly string[], have: readonly string[]): ObjectRef[] {
    const known = new Set<string>();
    for (const h of have) if (this.has.commit(h)) for (const a of this.commits.ancestors(h)) known.add(a);
    const out: ObjectRef[] = [];
    const seen = new Set<string>();
    const add = (r: ObjectRef): boolean => {
      if (seen.has(r.hash)) return false;
      seen.add(r.hash);
      out.push(r);
      return true;
    };
    const stack = [...want];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (known.has(id) || seen.has(id)) continue;
      const c = this.commits.find(id);
      if (!c) throw new ObjectRejected('OBJECT_NOT_FOUND', `no commit ${id}`, { type: 'commit', hash: id });
      add({ type: 'commit', hash: id });
      stack.push(...c.parents);
      if (!add({ type: 'snapshot', hash: c.snapshot })) continue;
      const snap = this.read({ type: 'snapshot', hash: c.snapshot });
      if (snap.type !== 'snapshot') continue;
      for (const bh of Object.values(snap.buckets)) {
        if (!add({ type: 'bucket', hash: bh })) continue;
        const bucket = this.read({ type: 'bucket', hash: bh });
        if (bucket.type !== 'bucket') continue;
        for (const [, , eh] of JSON.parse(bucket.body) as BucketEntry[]) add({ type: 'entity', hash: eh });
      }
    }
    return out;
  }
}
