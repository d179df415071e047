/** The SemVer arithmetic releases need: parse, compare, bump, and "does this version say enough". */
import { OmsError } from '../errors';
import type { Bump } from './analyze';

export class VersionError extends OmsError {}

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

const PATTERN = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseVersion(text: string): Version {
  const m = PATTERN.exec(text.trim());
  if (!m) throw new VersionError('VERSION_INVALID', `"${text}" is not a version of the form x.y.z`, { version: text });
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function bumpVersion(v: Version, bump: Bump): Version {
  switch (bump) {
    case 'major': return { major: v.major + 1, minor: 0, patch: 0 };
    case 'minor': return { major: v.major, minor: v.minor + 1, patch: 0 };
    case 'patch': return { major: v.major, minor: v.minor, patch: v.patch + 1 };
    case 'none': return v;
  }
}

/** The bump a move from `from` to `to` expresses. */
export function bumpBetween(from: Version, to: Version): Bump {
  if (to.major !== from.major) return 'major';
  if (to.minor !== from.minor) return 'minor';
  if (to.patch !== from.patch) return 'patch';
  return 'none';
}

const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * Check a requested release version against the last release and the changes since: it must be
 * newer, and must not understate them (a breaking change needs a major bump).
 */
export function checkRequestedVersion(last: Version | undefined, requested: Version, needed: Bump): void {
  if (!last) return;
  if (compareVersions(requested, last) <= 0) {
    throw new VersionError('VERSION_NOT_NEWER', `version ${formatVersion(requested)} is not newer than the last release ${formatVersion(last)}`, { last: formatVersion(last), requested: formatVersion(requested) });
  }
  const expressed = bumpBetween(last, requested);
  if (BUMP_RANK[expressed] < BUMP_RANK[needed]) {
    throw new VersionError('VERSION_UNDERSTATES_CHANGES', `version ${formatVersion(requested)} is a ${expressed} release, but the changes since ${formatVersion(last)} need a ${needed} release (at least ${formatVersion(bumpVersion(last, needed))})`, {
      last: formatVersion(last), requested: formatVersion(requested), needed,
    });
  }
}
