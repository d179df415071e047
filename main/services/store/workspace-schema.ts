import { COMMIT_MIGRATION_SQL } from './commit-graph';
import { LIVE_BASE_MIGRATION_SQL } from './dirty-ids';
import type { Migration } from './migrations';
import { SNAPSHOT_MIGRATION_SQL } from './snapshots';

/** Schema of the workspace component (history, branches, tags); the live docs are 'yjs-doc-storage'. */
export const WORKSPACE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE workspace_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        ${SNAPSHOT_MIGRATION_SQL}
        ${COMMIT_MIGRATION_SQL}
        CREATE TABLE branches (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          head TEXT NOT NULL REFERENCES commits(id),
          protected INTEGER NOT NULL DEFAULT 0,
          upstream TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE tags (
          name TEXT PRIMARY KEY,
          commit_id TEXT NOT NULL REFERENCES commits(id),
          message TEXT NOT NULL DEFAULT '',
          version TEXT,
          tagger TEXT NOT NULL,
          created_at INTEGER NOT NULL
        ) STRICT;
        -- Canonical JSON of a branch's working state at doc seq \`seq\`: a cold read is one JSON.parse.
        CREATE TABLE working_cache (branch_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, json TEXT NOT NULL) STRICT;
      `);
    },
  },
  {
    // A branch is a ref: until it is opened for live editing its working state is a snapshot hash
    // (`working`), so creating one copies nothing and committing it re-hashes nothing. The Yjs doc
    // is built from that snapshot when the branch is first opened, and `working` is then NULL.
    version: 2,
    up(db) {
      db.exec(`
        ALTER TABLE branches ADD COLUMN working TEXT REFERENCES snapshots(hash);
        -- Validation findings per snapshot: a snapshot is immutable, so they are computed once.
        CREATE TABLE snapshot_checks (hash TEXT NOT NULL, validator INTEGER NOT NULL, diagnostics TEXT NOT NULL, PRIMARY KEY (hash, validator)) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    // What a live doc changed since a known snapshot (dirty-ids.ts), so committing it patches that
    // snapshot instead of rewriting the whole ontology.
    version: 3,
    up(db) {
      db.exec(LIVE_BASE_MIGRATION_SQL);
    },
  },
];
