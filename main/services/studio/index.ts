export { StudioBackend, type StudioBackendOptions } from './backend';
export type { StudioClient } from './client';
export { ReplicaOrigin } from './doc-hub';
export { DEFAULT_EXAMPLES_DIR } from './examples';
export { openFromOs, freeWorkspaceName } from './open-file';
