export { SyncService, type BranchSyncStatus, type SignInRequest, type SyncServiceOptions } from './sync-service';
export { RoomClient, type RoomState, type RoomStatus, type RoomClientOptions } from './room-client';
export { HistoryClient, type PullResult, type PushResult } from './history-client';
export { StaticTokenProvider, type AuthProvider, type PersistedCredential } from './auth-provider';
export { AccountProvider } from './account-provider';
export { FileKeySecretBox, type SecretBox } from './secret-box';
export { SyncError, type SyncErrorCode } from './errors';
export { Backoff, type BackoffOptions } from './backoff';
export { HttpJson } from './http-json';
