export { Workspace, WORKING, type BranchInfo, type CommitOptions, type CommitOutcome, type CreateWorkspaceOptions, type DiffSide, type TagInfo, type WorkspaceInfo, type WorkspaceOptions } from './workspace';
export { BranchSession, type BranchSessionOptions } from './branch-session';
export { SqliteDocStorage, type SqliteDocStorageOptions } from './sqlite-doc-storage';
export { RETRYABLE_STORE_CODES, STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors';
export { defaultStoreRoot, workspaceFile, checkWorkspaceName } from './paths';
export type { Commit } from './commit-graph';
export type { Durability } from './sqlite-file';
export { prepareOntologyText, type PreparedOntology } from './prepared-ontology';
