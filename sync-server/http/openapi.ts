/**
 * The OpenAPI 3.1 document of oms-sync's HTTP surface, generated from the zod schemas of
 * core/contract (z.toJSONSchema emits JSON Schema 2020-12, which is OpenAPI 3.1's dialect), so the
 * document cannot drift from what the server validates and the desktop client parses.
 */
import { z } from 'zod';
import { ApiErrorSchema, DetailedHealthSchema, HealthSchema, ReadinessSchema } from '../../core/contract/sync-api';
import { VERSION } from '../version';

const components = { ApiError: ApiErrorSchema, Health: HealthSchema, Readiness: ReadinessSchema, DetailedHealth: DetailedHealthSchema } as const;
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
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from the OMS_TOKENS file.' } },
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
      '/api/v1/openapi.json': {
        get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
  };
}
