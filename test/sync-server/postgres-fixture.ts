/**
 * The PostgreSQL that tests and benchmarks use: OMS_TEST_PG_URL, default the one .ci/services.sh
 * starts. Each user gets a fresh database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.OMS_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

const redacted = (url: string): string => url.replace(/:[^:@/]*@/, ':***@');

/** null when PostgreSQL answers; otherwise why not, worded for a skip note. */
export async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `no PostgreSQL at ${redacted(ADMIN_URL)} (${(err as Error).message}); run \`bash .ci/services.sh\` or set OMS_TEST_PG_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `oms_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
