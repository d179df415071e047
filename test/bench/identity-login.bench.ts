/**
 * Sign-in throughput through the real server (POST /auth/login, 4 concurrent clients) with the
 * default argon2id parameters (m=19 MiB, t=2, p=1: OWASP's minimum), against a reference measured
 * in the same run: node:crypto scrypt at OWASP's N=2^17, r=8, p=1 on the same passwords. The hash
 * dominates a sign-in, so the ratio says what the choice of KDF costs; the absolute rate is what a
 * burst of sign-ins (a team arriving at 9:00) gets from one core.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import type { Benchmark, BenchRow } from './lib';
import { PASSWORD, startIdentityServer } from '../sync-server/identity-fixture';

const scryptAsync = promisify(scrypt) as (p: string, s: Buffer, k: number, o: object) => Promise<Buffer>;

async function rate(n: number, concurrency: number, fn: () => Promise<unknown>): Promise<number> {
  let i = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i++ < n) await fn();
  }));
  return n / ((performance.now() - start) / 1000);
}

const bench: Benchmark = {
  name: 'identity-login',
  description: 'POST /auth/login throughput, argon2id defaults vs scrypt (OWASP) in the same run',
  async run(): Promise<BenchRow[]> {
    const n = Number(process.env.OMS_BENCH_LOGINS ?? 40);
    const s = await startIdentityServer({ hash: { memoryCost: 19_456, timeCost: 2, parallelism: 1 }, throttle: { perIp: 1_000_000, perAccount: 1_000_000, windowSeconds: 60 } });
    try {
      const login = async (): Promise<void> => {
        const r = await s.call('POST', '/auth/login', { body: { username: 'root', password: PASSWORD } });
        if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
      };
      await login();
      const logins = await rate(n, 4, login);
      const salt = randomBytes(16);
      const scrypts = await rate(n, 4, () => scryptAsync(PASSWORD, salt, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }));
      return [
        { name: 'sign-ins/s (argon2id m=19MiB t=2 p=1)', value: `${logins.toFixed(1)} /s`, reference: `scrypt N=2^17 r=8: ${scrypts.toFixed(1)} hashes/s`, ratio: logins / scrypts, ratioLabel: '× the scrypt hash rate' },
      ];
    } finally {
      await s.stop();
    }
  },
};
export default bench;
