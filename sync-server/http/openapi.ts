/**
 * The OpenAPI 3.1 document of oms-sync's HTTP surface, generated from the zod schemas of
 * core/contract (z.toJSONSchema emits JSON Schema 2020-12, which is OpenAPI 3.1's dialect), so the
 * document cannot drift from what the server validates and the desktop client parses.
 */
import { z } from 'zod';
import {
  BranchListSchema,
  BranchSchema,
  ClosureRequestSchema,
  ClosureResponseSchema,
  CreateBranchRequestSchema,
  MissingResponseSchema,
  ObjectRefSchema,
  ObjectRefsRequestSchema,
  ObjectSchema,
  ObjectsResponseSchema,
  PushObjectsRequestSchema,
  PushObjectsResponseSchema,
  RenameBranchRequestSchema,
  RenamedBranchSchema,
  RenamedWorkspaceSchema,
  RenameWorkspaceRequestSchema,
  RoomIdSchema,
  UpdateBranchRequestSchema,
} from '../../core/contract/history-api';
import { ApiErrorSchema, DetailedHealthSchema, HealthSchema, ReadinessSchema } from '../../core/contract/sync-api';
import { VERSION } from '../version';
import { IDENTITY_COMPONENTS, identityPaths } from './identity-openapi';

const components = {
  ApiError: ApiErrorSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
  DetailedHealth: DetailedHealthSchema,
  ObjectRef: ObjectRefSchema,
  HistoryObject: ObjectSchema,
  ObjectRefsRequest: ObjectRefsRequestSchema,
  MissingResponse: MissingResponseSchema,
  ObjectsResponse: ObjectsResponseSchema,
  PushObjectsRequest: PushObjectsRequestSchema,
  PushObjectsResponse: PushObjectsResponseSchema,
  ClosureRequest: ClosureRequestSchema,
  ClosureResponse: ClosureResponseSchema,
  Branch: BranchSchema,
  BranchList: BranchListSchema,
  CreateBranchRequest: CreateBranchRequestSchema,
  UpdateBranchRequest: UpdateBranchRequestSchema,
  RenameBranchRequest: RenameBranchRequestSchema,
  RenamedBranch: RenamedBranchSchema,
  RoomId: RoomIdSchema,
  RenameWorkspaceRequest: RenameWorkspaceRequestSchema,
  RenamedWorkspace: RenamedWorkspaceSchema,
  ...IDENTITY_COMPONENTS,
} as const;
type ComponentName = keyof typeof components;

/** A local registry (not zod's global one): only our components, referenced as OpenAPI expects. */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', uri: (id) => `#/components/schemas/${id}` });
  for (const s of Object.values(schemas)) delete (s as Record<string, unknown>).$schema;
  return schemas;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: ComponentName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errorResponse = (description: string) => json('ApiError', description);
const body = (name: ComponentName) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const wsParam = { name: 'workspace', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } };
const branchParam = { name: 'branch', in: 'path', required: true, description: 'Branch name; may contain "/" (send it URL-encoded or as further path segments).', schema: { type: 'string' } };
const authErrors = { '401': errorResponse('Missing, invalid or expired token'), '403': errorResponse('Token does not grant this workspace or role') };

function historyPaths(): Record<string, unknown> {
  const base = '/api/v1/workspaces/{workspace}';
  const op = (operationId: string, summary: string, extra: Record<string, unknown>) => ({ operationId, summary, security: [{ bearer: [] }], ...extra });
  return {
    [base]: {
      parameters: [wsParam],
      patch: op('renameWorkspace', 'Rename the workspace (owner: manage_workspace). Its id, history, branch ids and live rooms stay; the file is renamed atomically (journalled: a crash leaves the old name or the new one); members and protected branches follow; clients on the old name are closed with 4411 naming the new one', {
        requestBody: body('RenameWorkspaceRequest'),
        responses: { '200': json('RenamedWorkspace', 'Renamed'), '400': errorResponse('INVALID_WORKSPACE / INVALID_BODY'), '404': errorResponse('WORKSPACE_NOT_FOUND'), '409': errorResponse('NAME_TAKEN'), '503': errorResponse('WORKSPACE_BUSY: a rename is under way; retry'), ...authErrors },
      }),
    },
    [`${base}/branches`]: {
      parameters: [wsParam],
      get: op('listBranches', 'Branches and their head commits', { responses: { '200': json('BranchList', 'Branches'), '404': errorResponse('Workspace never pushed'), ...authErrors } }),
      post: op('createBranch', 'Create a branch at a pushed commit (editor+)', {
        requestBody: body('CreateBranchRequest'),
        responses: { '201': json('Branch', 'Created'), '409': errorResponse('BRANCH_EXISTS'), '422': errorResponse('COMMIT_NOT_FOUND: push the commit first'), ...authErrors },
      }),
    },
    [`${base}/branches/{branch}`]: {
      parameters: [wsParam, branchParam],
      put: op('moveBranch', 'Move a branch, only if it is still at expectedHead (editor+)', {
        requestBody: body('UpdateBranchRequest'),
        responses: { '200': json('Branch', 'Moved'), '404': errorResponse('BRANCH_NOT_FOUND'), '409': errorResponse('BRANCH_MOVED: someone pushed first; pull and retry'), '422': errorResponse('COMMIT_NOT_FOUND'), ...authErrors },
      }),
      patch: op('renameBranch', 'Rename a branch (maintainer+, not while protected): its id, live room and history follow the new name; clients on the old name are closed with 4410', {
        requestBody: body('RenameBranchRequest'),
        responses: { '200': json('RenamedBranch', 'Renamed'), '404': errorResponse('BRANCH_NOT_FOUND'), '409': errorResponse('BRANCH_EXISTS'), ...authErrors },
      }),
      delete: op('deleteBranch', 'Delete a branch pointer (maintainer+); its commits stay', { responses: { '204': { description: 'Deleted' }, '404': errorResponse('BRANCH_NOT_FOUND'), ...authErrors } }),
    },
    [`${base}/rooms/{branch}`]: {
      parameters: [wsParam, branchParam],
      post: op('roomId', "The stable id of a branch's live room (created on first use, as a first connection would). Connect with `?branchId=` to be refused (4409) if the name has become another branch", {
        responses: { '200': json('RoomId', 'Room id'), '400': errorResponse('INVALID_BRANCH'), ...authErrors },
      }),
    },
    [`${base}/branch-ids/{branchId}`]: {
      parameters: [wsParam, { name: 'branchId', in: 'path', required: true, schema: { type: 'string' } }],
      get: op('branchById', 'The name a branch id has now (a linked client closed with 4410/4409 follows the rename with it); never creates anything', {
        responses: { '200': json('RoomId', 'The branch'), '404': errorResponse('BRANCH_NOT_FOUND / WORKSPACE_NOT_FOUND'), ...authErrors },
      }),
    },
    [`${base}/objects/missing`]: {
      parameters: [wsParam],
      post: op('missingObjects', 'Which of these objects the server lacks (send only those)', { requestBody: body('ObjectRefsRequest'), responses: { '200': json('MissingResponse', 'Missing subset'), ...authErrors } }),
    },
    [`${base}/objects`]: {
      parameters: [wsParam],
      post: op('pushObjects', 'Store objects: verified against their hashes, dependencies first, all or nothing, idempotent (editor+)', {
        requestBody: body('PushObjectsRequest'),
        responses: { '200': json('PushObjectsResponse', 'Stored'), '400': errorResponse('INVALID_BODY'), '413': errorResponse('BODY_TOO_LARGE'), '422': errorResponse('OBJECT_INVALID: bad hash or missing dependency'), ...authErrors },
      }),
    },
    [`${base}/objects/get`]: {
      parameters: [wsParam],
      post: op('getObjects', 'Fetch objects by reference', { requestBody: body('ObjectRefsRequest'), responses: { '200': json('ObjectsResponse', 'Objects'), '404': errorResponse('OBJECT_NOT_FOUND'), ...authErrors } }),
    },
    [`${base}/closure`]: {
      parameters: [wsParam],
      post: op('closure', 'References of everything reachable from `want` and not from `have` (what a pull needs at most)', {
        requestBody: body('ClosureRequest'),
        responses: { '200': json('ClosureResponse', 'Object references'), '404': errorResponse('OBJECT_NOT_FOUND / WORKSPACE_NOT_FOUND'), ...authErrors },
      }),
    },
  };
}

export function buildOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'oms-sync',
      version: VERSION,
      description:
        'HTTP side of the OMS Studio sync server. Live document sync is the standard y-websocket protocol on ' +
        '`/ws/{workspace}/{branch}?token=…` (see docs/protocol.md); this document covers the JSON endpoints.',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: componentSchemas(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An access token from POST /auth/login (JWT), a service-account token, or a token from the OMS_TOKENS file (bootstrap/dev).' } },
    },
    paths: {
      '/health': { get: { operationId: 'health', summary: 'Process is up and not shutting down', responses: { '200': json('Health', 'Up'), '503': json('Health', 'Shutting down') } } },
      '/health/live': { get: { operationId: 'live', summary: 'Liveness probe', responses: { '200': json('Health', 'Alive') } } },
      '/health/ready': {
        get: { operationId: 'ready', summary: 'Readiness: storage reachable and not shutting down', responses: { '200': json('Readiness', 'Ready'), '503': json('Readiness', 'Not ready') } },
      },
      '/health/detailed': {
        get: {
          operationId: 'detailedHealth',
          summary: 'Rooms, connections, storage and memory (owner or admin token)',
          security: [{ bearer: [] }],
          responses: { '200': json('DetailedHealth', 'Details'), '401': errorResponse('Missing, invalid or expired token'), '403': errorResponse('Token role is not owner/admin') },
        },
      },
      '/metrics': {
        get: { operationId: 'metrics', summary: 'Prometheus metrics (text exposition format)', responses: { '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } } } },
      },
      ...historyPaths(),
      ...identityPaths(),
      '/api/v1/openapi.json': {
        get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
  };
}
