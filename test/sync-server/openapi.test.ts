import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers';

describe('OpenAPI document', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer();
  });
  afterAll(() => t.stop());

  it('is served at /api/v1/openapi.json and is a valid OpenAPI 3.1 document', async () => {
    const res = await fetch(`${t.http}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready', '/health/detailed', '/metrics', '/api/v1/workspaces/{workspace}/objects/missing', '/api/v1/workspaces/{workspace}/branches/{branch}']));
    // Generated from the zod contract, not hand-written: the error shape has its fields.
    expect(Object.keys(doc.components.schemas.ApiError?.properties ?? {})).toEqual(['error']);
  });

  it('the validator rejects a broken document (the check can fail)', async () => {
    const doc = (await (await fetch(`${t.http}/api/v1/openapi.json`)).json()) as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    doc.paths['/health']!.get.responses['200'] = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } };
    await expect(SwaggerParser.validate(doc as never)).rejects.toThrow();
  });
});
