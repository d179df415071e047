/**
 * The commit DAG: commits are immutable rows keyed by the hex sha256 of {parents, snapshot, author,
 * message, time}; `generation` (1 + max parent generation) orders history and finds merge bases.
 */
import { stableStringify } from '../../../core/model';
import { StoreError } from './errors';
import { createHash } from 'node:crypto';
import type { SqliteDatabase } from './sqlite-file';

export interface Commit {
  id: string;
  parents: string[];
  snapshot: string;
  author: string;
  message: string;
  /** Milliseconds since the epoch. */
  time: number;
  generation: number;
}

export const COMMIT_MIGRATION_SQL = `
  CREATE TABLE commits (
    id TEXT PRIMARY KEY,
    parents TEXT NOT NULL,
    snapshot TEXT NOT NULL REFERENCES snapshots(hash),
    author TEXT NOT NULL,
    message TEXT NOT NULL,
    time INTEGER NOT NULL,
    generation INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
`;

export function commitId(c: Pick<Commit, 'parents' | 'snapshot' | 'author' | 'message' | 'time'>): string {
  const body = stableStringify({ parents: c.parents, snapshot: c.snapshot, author: c.author, message: c.message, time: c.time });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Newest first: higher generation, then later time, then smaller id — a total, stable order. */
export function newerFirst(a: Commit, b: Commit): number {
  return b.generation - a.generation || b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

interface CommitRow {
  id: string;
  parents: string;
  snapshot: string;
  author: string;
  message: string;
  time: number;
  generation: number;
}

export class CommitGraph {
  private readonly cache = new Map<string, Commit>();
  private readonly getStmt;
  private readonly insertStmt;
  private readonly prefixStmt;

  constructor(db: SqliteDatabase) {
    this.getStmt = db.prepare<[string], CommitRow>('SELECT * FROM commits WHERE id = ?');
    this.insertStmt = db.prepare<[string, string, string, string, string, number, number]>(
      'INSERT OR IGNORE INTO commits (id, parents, snapshot, author, message, time, generation) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.prefixStmt = db.prepare<[string, string], { id: string }>('SELECT id FROM commits WHERE id >= ? AND id < ? LIMIT 2');
  }

  /** Insert (idempotent: the id is the content). Parents must exist. */
  add(c: Omit<Commit, 'id' | 'generation'>): Commit {
    let generation = 1;
    for (const p of c.parents) generation = Math.max(generation, this.get(p).generation + 1);
    const commit: Commit = { ...c, id: commitId(c), generation };
    this.insertStmt.run(commit.id, JSON.stringify(commit.parents), commit.snapshot, commit.author, commit.message, commit.time, generation);
    return commit;
  }

  find(id: string): Commit | undefined {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = this.getStmt.get(id);
    if (!row) return undefined;
    const c: Commit = { ...row, parents: JSON.parse(row.parents) as string[] };
    this.cache.set(id, c);
    return c;
  }

  get(id: string): Commit {
    const c = this.find(id);
    if (!c) throw new StoreError('COMMIT_NOT_FOUND', `no commit ${id}`, { commit: id });
    return c;
  }

  /** Commit ids starting with `prefix` (at most 2: enough to tell unique from ambiguous). */
  byPrefix(prefix: string): string[] {
    const p = prefix.toLowerCase();
    return this.prefixStmt.all(p, `${p}\u{10FFFF}`).map((r) => r.id);
  }

  /** `n` first-parent steps back from `id`. */
  firstParentAncestor(id: string, n: number): string {
    let cur = id;
    for (let i = 0; i < n; i++) {
      const p = this.get(cur).parents[0];
      if (!p) throw new StoreError('REF_NOT_FOUND', `${id.slice(0, 12)} has only ${i} first-parent ancestors, not ${n}`, { commit: id, steps: n });
      cur = p;
    }
    return cur;
  }

  /** Snapshots of `from` and its first-parent ancestors, nearest first, at most `depth` of them. */
  firstParentSnapshots(from: string, depth: number): string[] {
    const out: string[] = [];
    for (let c = this.find(from); c && out.length < depth; c = c.parents[0] ? this.find(c.parents[0]) : undefined) out.push(c.snapshot);
    return out;
  }

  /** History reachable from `head`, newest first, paged. First-parent follows parents[0] only. */
  log(head: string, options: { limit?: number; offset?: number; firstParent?: boolean } = {}): Commit[] {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const offset = options.offset ?? 0;
    const out: Commit[] = [];
    if (limit <= 0) return out; // emit() checks the limit after adding, so 0 would still give one commit
    let skipped = 0;
    const emit = (c: Commit): boolean => {
      if (skipped < offset) skipped++;
      else out.push(c);
      return out.length < limit;
    };
    if (options.firstParent) {
      for (let c: Commit | undefined = this.get(head); c; c = c.parents[0] ? this.get(c.parents[0]) : undefined) {
        if (!emit(c)) break;
      }
      return out;
    }
    const seen = new Set<string>([head]);
    const queue: Commit[] = [this.get(head)];
    while (queue.length > 0) {
      // Frontier stays small (the DAG's width), so a sorted array beats a heap in clarity and speed.
      queue.sort(newerFirst);
      const c = queue.shift() as Commit;
      if (!emit(c)) break;
      for (const p of c.parents) {
        if (!seen.has(p)) {
          seen.add(p);
          queue.push(this.get(p));
        }
      }
    }
    return out;
  }

  ancestors(id: string): Set<string> {
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length > 0) {
      for (const p of this.get(stack.pop() as string).parents) {
        if (!seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return seen;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor);
  }

  /**
   * Lowest common ancestor of `a` and `b` (either may be an ancestor of the other). When several
   * exist (criss-cross merges) the rule is: highest generation, then latest time, then smallest id.
   * The highest-generation common ancestor is always a *lowest* one (no common ancestor can descend
   * from it), so the rule picks a true LCA deterministically. Undefined for unrelated histories.
   */
  mergeBase(a: string, b: string): Commit | undefined {
    return this.mergeBases(a, b)[0];
  }

  /** Every lowest common ancestor, best first by the rule above. */
  mergeBases(a: string, b: string): Commit[] {
    const fromA = this.ancestors(a);
    const common: Commit[] = [];
    const seen = new Set<string>([b]);
    const stack = [b];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (fromA.has(id)) {
        common.push(this.get(id));
        continue; // its ancestors are common too, but never lowest
      }
      for (const p of this.get(id).parents) {
        if (!seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    // Drop candidates that are ancestors of other candidates.
    const lowest = common.filter((c) => !common.some((o) => o.id !== c.id && o.generation > c.generation && this.isAncestor(c.id, o.id)));
    return lowest.sort(newerFirst);
  }
}
