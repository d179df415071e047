import * as crypto from 'node:crypto';

/**
 * One-shot crypto.hash (Node ≥ 20.12, 21.7) where there is one: a whole write hashes every entity,
 * and a Hash object per entity cost ~3× the hashing itself on 50k small strings.
 */
const oneShot: ((text: string) => string) | undefined = typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'base64url') : undefined;

/**
 * sha256 as `sha256-<base64url>`: the same format and bytes as core's `hashBytes`/`contentHash`,
 * computed with node:crypto because commits hash every entity of a 10k-type ontology.
 */
export function sha256(text: string): string {
  return `sha256-${oneShot ? oneShot(text) : crypto.createHash('sha256').update(text, 'utf8').digest('base64url')}`;
}

/**
 * sha256(text) of a text handed over in pieces (`produce` calls its argument with each, in order),
 * never joined whole: pieces are gathered to ~1 MB per update, as one update per small piece
 * would cost more than hashing them.
 */
export function sha256Pieces(produce: (write: (piece: string) => void) => void): string {
  const hash = crypto.createHash('sha256');
  let pending: string[] = [];
  let size = 0;
  produce((piece) => {
    pending.push(piece);
    size += piece.length;
    if (size < 1 << 20) return;
    hash.update(pending.join(''), 'utf8');
    pending = [];
    size = 0;
  });
  if (pending.length > 0) hash.update(pending.join(''), 'utf8');
  return `sha256-${hash.digest('base64url')}`;
}

/**
 * Snapshot addresses come in two versions, and both stay valid and verifiable:
 * - v1 `sha256-…`: sha256 of the whole ontology's canonical JSON (every commit before v2);
 * - v2 `merkle-sha256-…`: sha256 over the canonical header and the bucket hashes (each bucket is
 *   addressed by its body, which lists entity hashes), so a commit that changes k entities hashes
 *   those k entities, their buckets and this short list — never the whole ontology.
 */
export const MERKLE_SNAPSHOT_PREFIX = 'merkle-';

export function isMerkleSnapshotHash(hash: string): boolean {
  return hash.startsWith(MERKLE_SNAPSHOT_PREFIX);
}

/** The v2 address of a snapshot with this header text and bucket index → bucket hash map. */
export function merkleSnapshotHash(header: string, buckets: Readonly<Record<string, string>>): string {
  const list = Object.keys(buckets).map(Number).sort((a, b) => a - b).map((i) => [i, buckets[String(i)]]);
  return `${MERKLE_SNAPSHOT_PREFIX}${sha256(`oms-snapshot/2\n${header}\n${JSON.stringify(list)}`)}`;
}
