/**
 * Access tokens: JWTs signed with Ed25519 (`alg` pinned to EdDSA on both sides: jose refuses `none`,
 * HS256-with-the-public-key and every other algorithm). Keys carry a `kid`; rotation adds a new
 * current key and keeps the retired ones verifiable until every token they signed has expired.
 * The key comes from `identity.signingKeyFile` (PKCS#8 PEM) or is generated at first start and
 * kept in the account store, so every server process sharing that store signs alike.
 */
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, decodeProtectedHeader, errors, exportJWK, generateKeyPair, importJWK, importPKCS8, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { AccountStore } from './account-store';
import { IdentityError } from './errors';

export const JWT_ALG = 'EdDSA';
export const JWT_ISSUER = 'oms-sync';
export const JWT_AUDIENCE = 'oms-sync';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** Seconds since the epoch. */
  exp: number;
  /** The password has expired: only a password change is allowed. */
  pwx: boolean;
}

interface LoadedKey {
  kid: string;
  sign: CryptoKey | null;
  verify: CryptoKey;
  retiredAt: number | null;
}

export class KeyRing {
  private keys = new Map<string, LoadedKey>();
  private current: LoadedKey | null = null;
  private lastReload = 0;

  private constructor(
    private readonly store: AccountStore,
    private readonly accessTtlSeconds: number,
    private readonly now: () => number,
  ) {}

  static async open(store: AccountStore, options: { signingKeyFile?: string | undefined; accessTtlSeconds: number; now: () => number }): Promise<KeyRing> {
    const ring = new KeyRing(store, options.accessTtlSeconds, options.now);
    if (options.signingKeyFile) await ring.useKeyFile(options.signingKeyFile);
    await ring.reload();
    if (!ring.current) {
      await ring.generate();
      await ring.reload();
    }
    return ring;
  }

  private async useKeyFile(file: string): Promise<void> {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw new IdentityError('INVALID_ARGUMENT', `cannot read signing key ${file}: ${(err as Error).message}`);
    }
    let sign: CryptoKey;
    try {
      sign = await importPKCS8(pem, JWT_ALG, { extractable: true });
    } catch (err) {
      throw new IdentityError('INVALID_ARGUMENT', `${file} is not an Ed25519 PKCS#8 private key: ${(err as Error).message}`);
    }
    const jwk = await exportJWK(sign);
    const pub: JWK = { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! };
    const kid = await calculateJwkThumbprint(pub);
    const key = { kid, sign, verify: (await importJWK(pub, JWT_ALG)) as CryptoKey, retiredAt: null };
    this.pinned = key;
  }

  /** A key given by file: always the current signing key, never stored in the database. */
  private pinned: LoadedKey | null = null;

  private async generate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(JWT_ALG, { crv: 'Ed25519', extractable: true });
    const pub = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(pub);
    await this.store.addSigningKey({ kid, privateJwk: JSON.stringify(await exportJWK(privateKey)), publicJwk: JSON.stringify(pub), createdAt: this.now(), retiredAt: null });
    return kid;
  }

  async reload(): Promise<void> {
    this.lastReload = this.now();
    const next = new Map<string, LoadedKey>();
    let current: LoadedKey | null = null;
    for (const k of await this.store.signingKeys()) {
      const loaded: LoadedKey = {
        kid: k.kid,
        sign: k.retiredAt === null ? ((await importJWK(JSON.parse(k.privateJwk) as JWK, JWT_ALG)) as CryptoKey) : null,
        verify: (await importJWK(JSON.parse(k.publicJwk) as JWK, JWT_ALG)) as CryptoKey,
        retiredAt: k.retiredAt,
      };
      next.set(k.kid, loaded);
      // The newest unretired key signs.
      if (k.retiredAt === null) current = loaded;
    }
    if (this.pinned) {
      next.set(this.pinned.kid, this.pinned);
      current = this.pinned;
    }
    this.keys = next;
    this.current = current;
  }

  get currentKid(): string {
    return this.current!.kid;
  }

  /** New current key; the previous ones stay valid for verification until their tokens expire. */
  async rotate(): Promise<string> {
    const previous = (await this.store.signingKeys()).filter((k) => k.retiredAt === null);
    const kid = await this.generate();
    for (const k of previous) await this.store.retireSigningKey(k.kid, this.now());
    await this.reload();
    return kid;
  }

  async sign(claims: Omit<AccessClaims, 'exp'>): Promise<{ token: string; exp: number }> {
    const key = this.current!;
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + this.accessTtlSeconds;
    const token = await new SignJWT({ sid: claims.sid, ...(claims.pwx ? { pwx: true } : {}) })
      .setProtectedHeader({ alg: JWT_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key.sign!);
    return { token, exp };
  }

  private async keyFor(kid: string | undefined): Promise<LoadedKey | null> {
    if (!kid) return null;
    let key = this.keys.get(kid);
    // Another process may have rotated: look again, at most once a second.
    if (!key && this.now() - this.lastReload > 1000) {
      await this.reload();
      key = this.keys.get(kid);
    }
    if (!key) return null;
    if (key.retiredAt !== null && this.now() > key.retiredAt + this.accessTtlSeconds * 1000 + 60_000) return null;
    return key;
  }

  /** Verify signature, algorithm, issuer, audience and expiry; typed errors, never a null principal. */
  async verify(token: string): Promise<AccessClaims> {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new IdentityError('TOKEN_INVALID', 'not a valid access token');
    }
    if (header.alg !== JWT_ALG) throw new IdentityError('TOKEN_INVALID', 'not a valid access token');
    const key = await this.keyFor(header.kid);
    if (!key) throw new IdentityError('TOKEN_INVALID', 'not a valid access token');
    try {
      const { payload } = await jwtVerify(token, key.verify, {
        algorithms: [JWT_ALG],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        currentDate: new Date(this.now()),
        requiredClaims: ['sub', 'exp', 'iat'],
        typ: 'at+jwt',
      });
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new IdentityError('TOKEN_INVALID', 'not a valid access token');
      return { sub: payload.sub, sid: payload.sid, exp: payload.exp, pwx: payload.pwx === true };
    } catch (err) {
      if (err instanceof IdentityError) throw err;
      if (err instanceof errors.JWTExpired) throw new IdentityError('TOKEN_EXPIRED', 'access token expired; refresh it');
      throw new IdentityError('TOKEN_INVALID', 'not a valid access token');
    }
  }
}

/** Cheap shape test: three base64url parts. Anything else goes to other authenticators. */
export const looksLikeJwt = (token: string): boolean => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
