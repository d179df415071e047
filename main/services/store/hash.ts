import { createHash } from 'node:crypto';

/**
 * sha256 as `sha256-<base64url>`: the same format and bytes as core's `hashBytes`/`contentHash`,
 * computed with node:crypto because commits hash every entity of a 10k-type ontology.
 */
export function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64url')}`;
}
