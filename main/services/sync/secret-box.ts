/**
 * Encryption at rest for sign-in credentials. Electron's safeStorage (the OS keychain) is injected
 * by main/electron where it exists; everywhere else (web host, CLI, tests) a random 256-bit key in a
 * 0600 file next to the settings, used with AES-256-GCM. The file key protects against the
 * credentials file being copied or synced on its own, not against someone who can read the whole
 * profile directory — the keychain does better, hence the preference.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SyncError } from './errors';

export interface SecretBox {
  readonly kind: 'os-keychain' | 'file-key';
  encrypt(plain: Uint8Array): Uint8Array;
  decrypt(sealed: Uint8Array): Uint8Array;
}

const MAGIC = Buffer.from('OMSK1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class FileKeySecretBox implements SecretBox {
  readonly kind = 'file-key' as const;
  private key: Buffer | undefined;

  constructor(private readonly keyFile: string) {}

  private loadKey(): Buffer {
    if (this.key) return this.key;
    let key: Buffer;
    try {
      key = readFileSync(this.keyFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      key = randomBytes(32);
      mkdirSync(dirname(this.keyFile), { recursive: true });
      // 'wx': two processes creating the key at once must not each keep their own.
      try {
        writeFileSync(this.keyFile, key, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        key = readFileSync(this.keyFile);
      }
    }
    if (key.length !== 32) throw new SyncError('SYNC_CREDENTIALS_UNREADABLE', `${this.keyFile} is not a 32-byte key; delete it and sign in again`);
    chmodSync(this.keyFile, 0o600);
    this.key = key;
    return key;
  }

  encrypt(plain: Uint8Array): Uint8Array {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Uint8Array): Uint8Array {
    const buf = Buffer.from(sealed);
    if (buf.length < MAGIC.length + IV_BYTES + TAG_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new SyncError('SYNC_CREDENTIALS_UNREADABLE', 'the credentials file is not in the expected format; sign in again');
    }
    const iv = buf.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
    const tag = buf.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(buf.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (err) {
      throw new SyncError('SYNC_CREDENTIALS_UNREADABLE', 'the credentials file was changed or belongs to another key; sign in again', undefined, { cause: err });
    }
  }
}
