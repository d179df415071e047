/**
 * Secrets the server must read back (TOTP seeds) are sealed with AES-256-GCM under a key kept
 * outside the account store: a copied database or a PostgreSQL dump alone does not yield them.
 * The key file (32 random bytes, base64) is `identity.secretsKeyFile`, by default
 * `$OMS_DATA_DIR/oms-identity.key`, created at first start with mode 0600. Servers sharing one
 * PostgreSQL must share this file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { IdentityError } from './errors';

const PREFIX = 'v1';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Read the key file, creating it (exclusively, 0600) when it does not exist yet. */
  static open(file: string): SecretBox {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        // Another process created it between the check and the write: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new IdentityError('INVALID_ARGUMENT', `cannot create secrets key ${file}: ${(err as Error).message}`);
      }
    }
    let key: Buffer;
    try {
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    } catch (err) {
      throw new IdentityError('INVALID_ARGUMENT', `cannot read secrets key ${file}: ${(err as Error).message}`);
    }
    if (key.length !== 32) throw new IdentityError('INVALID_ARGUMENT', `${file} must hold 32 bytes, base64`);
    return new SecretBox(key);
  }

  /** `aad` binds the ciphertext to its owner (the user id): a sealed value moved to another row fails. */
  seal(plain: string, aad: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(aad));
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return [PREFIX, iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  open(sealed: string, aad: string): string {
    const [v, iv, tag, body] = sealed.split(':');
    if (v !== PREFIX || !iv || !tag || body === undefined) throw new IdentityError('IDENTITY_STORE_FAILED', 'a sealed secret in the account store is malformed');
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
    } catch (err) {
      throw new IdentityError('IDENTITY_STORE_FAILED', 'cannot unseal a secret of the account store: wrong or replaced secrets key file', undefined, { cause: err });
    }
  }
}
