/**
 * The sync client's settings file (`sync.json`) and its links. A link ties a local branch (by its
 * workspace and branch ids, so local renames keep it) to one room on one server (by the server's
 * branch and workspace ids, so server renames are followed, never a namesake joined). The names a
 * link records on the server are only where the room was last seen: a local name is a label, and a
 * local rename renames nothing on the server.
 */
import { z } from 'zod';

export const SettingsSchema = z.strictObject({
  server: z.string().optional(),
  /** Local workspace name → its name on the server (default: the same). */
  remotes: z.record(z.string(), z.string()).default({}),
  /**
   * Branches (by workspace id and branch id, so renames keep them) whose live doc belongs to a room's
   * Yjs lineage: created here and published to an empty room, cloned, or adopted from the server.
   */
  links: z.array(z.string()).default([]),
  /** Link → the server's id of the room it joined: the link follows that room, never another one that took its name. */
  remoteBranchIds: z.record(z.string(), z.string()).default({}),
  /** Link → the room's branch name on the server as last seen (absent: the local name, as links made before this field). */
  remoteBranchNames: z.record(z.string(), z.string()).default({}),
  /** Link → the server's id of the room's workspace (servers before workspace rename do not send it). */
  remoteWorkspaceIds: z.record(z.string(), z.string()).default({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const emptySettings = (): Settings => SettingsSchema.parse({});

/** Where a link's room is on the server, as last seen. */
export interface RemoteRoom {
  workspace: string;
  branch: string;
  branchId?: string;
  workspaceId?: string;
}

/** One local branch on one server's workspace: the key of every per-link record. */
export function linkKeyOf(workspaceId: string, branchId: string, server: string | undefined, remoteWorkspace: string): string {
  return `${workspaceId}/${branchId}@${server}/${remoteWorkspace}`;
}

/** The settings with `key` linked to the room `room` (its ids and the names it has now). */
export function withLink(s: Settings, key: string, room: { branch: string; branchId: string; workspaceId?: string }): Settings {
  return {
    ...s,
    links: s.links.includes(key) ? s.links : [...s.links, key],
    remoteBranchIds: { ...s.remoteBranchIds, [key]: room.branchId },
    remoteBranchNames: { ...s.remoteBranchNames, [key]: room.branch },
    ...(room.workspaceId ? { remoteWorkspaceIds: { ...s.remoteWorkspaceIds, [key]: room.workspaceId } } : {}),
  };
}

/**
 * The settings after the server renamed the workspace `from` (as `localWorkspace` calls it) to
 * `to`: every link of that local workspace on `server` is re-keyed, so each keeps its ids.
 */
export function withRemoteWorkspace(s: Settings, localWorkspaceId: string, localWorkspace: string, server: string | undefined, from: string, to: string): Settings {
  if (from === to) return s;
  const prefix = `${localWorkspaceId}/`;
  const oldSuffix = `@${server}/${from}`;
  const rekey = (k: string): string => (k.startsWith(prefix) && k.endsWith(oldSuffix) ? k.slice(0, -oldSuffix.length) + `@${server}/${to}` : k);
  const rekeyed = (r: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(r).map(([k, v]) => [rekey(k), v]));
  return {
    ...s,
    remotes: { ...s.remotes, [localWorkspace]: to },
    links: s.links.map(rekey),
    remoteBranchIds: rekeyed(s.remoteBranchIds),
    remoteBranchNames: rekeyed(s.remoteBranchNames),
    remoteWorkspaceIds: rekeyed(s.remoteWorkspaceIds),
  };
}

const RENAMED_WORKSPACE = /^workspace renamed to ([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/;

/** The new name in a 4411 close reason (the server always sends it: a workspace name fits the 123 bytes). */
export function renamedWorkspaceIn(reason: string): string | null {
  return RENAMED_WORKSPACE.exec(reason)?.[1] ?? null;
}
