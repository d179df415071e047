/**
 * Saved sign-ins, one per server URL, sealed by a SecretBox and written atomically (temp file +
 * rename), so a crash while a refresh token rotates leaves either the old file or the new one.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { PersistedCredential } from './auth-provider';
import { SyncError } from './errors';
import type { SecretBox } from './secret-box';

const CredentialSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('token'), user: z.string(), token: z.string().min(1) }),
  z.strictObject({ kind: z.literal('account'), user: z.string(), refreshToken: z.string().min(1) }),
]);
const FileSchema = z.strictObject({ version: z.literal(1), servers: z.record(z.string(), CredentialSchema) });

export class CredentialStore {
  constructor(
    private readonly file: string,
    private readonly box: SecretBox,
  ) {}

  private readAll(): Record<string, PersistedCredential> {
    let sealed: Buffer;
    try {
      sealed = readFileSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    const plain = Buffer.from(this.box.decrypt(sealed)).toString('utf8');
    const parsed = FileSchema.safeParse(JSON.parse(plain));
    if (!parsed.success) throw new SyncError('SYNC_CREDENTIALS_UNREADABLE', 'saved sign-ins are in an unknown format; sign in again');
    return parsed.data.servers;
  }

  private writeAll(servers: Record<string, PersistedCredential>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, this.box.encrypt(Buffer.from(JSON.stringify({ version: 1, servers }), 'utf8')), { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  get(server: string): PersistedCredential | undefined {
    return this.readAll()[server];
  }

  set(server: string, cred: PersistedCredential): void {
    this.writeAll({ ...this.readAll(), [server]: cred });
  }

  delete(server: string): void {
    const all = this.readAll();
    if (!(server in all)) return;
    delete all[server];
    this.writeAll(all);
  }
}
