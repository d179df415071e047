import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-file';

/** Rows per multi-row statement: 100 two-column rows bind 200 parameters (SQLite allows 32766). */
const BATCH = 100;

type Value = string | number;

/**
 * `INSERT … VALUES (?, ?), (?, ?), …` for BATCH rows per run(), a single-row statement for the rest.
 * A bulk write (an import's 50k entity rows) spent about a third of its insert time in what
 * better-sqlite3 and SQLite do per statement run (measured on 50k ~900-byte entity rows: ~650 ms
 * CPU one row per run, ~420 ms a hundred per run). Inside the caller's transaction, as every write.
 */
export class BatchInsert {
  private readonly one: Database.Statement<[Value[]]>;
  private many: Database.Statement<[Value[]]> | undefined;
  private readonly params: Value[];

  /** `head` is the statement up to VALUES (`INSERT OR IGNORE INTO t (a, b)`); each row binds `columns` values. */
  constructor(private readonly db: SqliteDatabase, private readonly head: string, private readonly columns: number) {
    this.one = db.prepare<[Value[]]>(`${head} VALUES ${this.tuples(1)}`);
    this.params = new Array<Value>(BATCH * columns);
  }

  /** Insert each row's first `columns` values, in the order given; returns the rows inserted (`changes`). */
  run(rows: ReadonlyArray<readonly Value[]>): number {
    const { columns, params } = this;
    let changes = 0;
    let i = 0;
    if (rows.length >= BATCH) {
      // Prepared on first use: most writes (a commit of a few elements) never fill one batch.
      const many = (this.many ??= this.db.prepare<[Value[]]>(`${this.head} VALUES ${this.tuples(BATCH)}`));
      for (; i + BATCH <= rows.length; i += BATCH) {
        for (let r = 0; r < BATCH; r++) {
          const row = rows[i + r] as readonly Value[];
          for (let c = 0; c < columns; c++) params[r * columns + c] = row[c] as Value;
        }
        changes += many.run(params).changes;
      }
    }
    for (; i < rows.length; i++) changes += this.one.run((rows[i] as readonly Value[]).slice(0, columns)).changes;
    return changes;
  }

  private tuples(n: number): string {
    const one = `(${new Array<string>(this.columns).fill('?').join(', ')})`;
    return new Array<string>(n).fill(one).join(', ');
  }
}
