/**
 * Edit operations as data: a zod-validated discriminated union, so the IPC layer, the CLI and
 * tests can send edits as JSON and have them applied by the same typed functions.
 * In JSON, `null` as a field value means "unset" (no model field accepts null).
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ModelError } from '../errors';
import { AnnotationValue, ApiName, Id, IdOrIri } from '../model';
import {
  addToSet, createElement, setAnnotation, deleteElement, editText, moveChild, removeFromSet, renameElement, setField, setMeta, setOntologyName,
  type CreateSpec,
} from './edit';
import { DESCRIPTION_MAX, NESTED_KINDS, TOP_LEVEL_KINDS } from './layout';
import { ORIGIN, type Origin } from './origins';

const address = { id: Id, parentId: Id.optional() };
const ElementValue = z.record(z.string(), z.unknown());
/** Id sets (Y.Map members) and id-or-IRI member sets (core/yjs/members.ts); each op checks the member's shape for its field. */
const SetField = z.enum(['implements', 'extends', 'properties', 'supertypes', 'equivalentTo', 'disjointWith', 'subPropertyOf']);

export const EditOp = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('create'), kind: z.enum(TOP_LEVEL_KINDS), id: Id.optional(), value: ElementValue }),
  z.strictObject({
    op: z.literal('createChild'), kind: z.enum(NESTED_KINDS), parentId: Id, id: Id.optional(), value: ElementValue,
    /** Sibling to place the new child after; null = first; absent = last (or the value's own `order`). */
    after: Id.nullable().optional(),
  }),
  z.strictObject({ op: z.literal('rename'), ...address, apiName: ApiName }),
  z.strictObject({ op: z.literal('delete'), ...address }),
  z.strictObject({ op: z.literal('set'), ...address, field: z.string().min(1).max(100), value: z.unknown() }),
  z.strictObject({
    op: z.literal('editText'),
    /** Absent: the ontology's own description. */
    id: Id.optional(), parentId: Id.optional(),
    index: z.number().int().min(0), remove: z.number().int().min(0), insert: z.string().max(DESCRIPTION_MAX),
  }),
  z.strictObject({ op: z.literal('move'), id: Id, parentId: Id, after: Id.nullable() }),
  z.strictObject({ op: z.literal('addToSet'), ...address, field: SetField, value: IdOrIri }),
  z.strictObject({ op: z.literal('removeFromSet'), ...address, field: SetField, value: IdOrIri }),
  /** One annotation value of an element (absent id: of the ontology). Members by content: see core/yjs/members.ts. */
  z.strictObject({ op: z.literal('addAnnotation'), id: Id.optional(), parentId: Id.optional(), key: z.string().min(1).max(2000), value: AnnotationValue }),
  z.strictObject({ op: z.literal('removeAnnotation'), id: Id.optional(), parentId: Id.optional(), key: z.string().min(1).max(2000), value: AnnotationValue }),
  z.strictObject({ op: z.literal('setName'), name: z.string().min(1).max(200) }),
  z.strictObject({ op: z.literal('setMeta'), key: z.string().min(1).max(200), value: z.string().nullable() }),
]);
export type EditOp = z.infer<typeof EditOp>;

export interface OpResult {
  /** The id of the element an op created (or acted on). */
  id?: string;
}

/** Validate and apply one op in one transaction. Invalid ops throw EDIT_INVALID and change nothing. */
export function applyOp(doc: Y.Doc, input: unknown, origin: Origin = ORIGIN.local): OpResult {
  const parsed = EditOp.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ModelError('EDIT_INVALID', `invalid edit op${first ? `: ${first.path.map(String).join('/') || '(op)'}: ${first.message}` : ''}`, {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('/'), message: i.message })),
    });
  }
  const op = parsed.data;
  const at = (o: { id: string; parentId?: string | undefined }): { id: string; parentId?: string | undefined } => ({ id: o.id, parentId: o.parentId });
  switch (op.op) {
    case 'create':
      return { id: createElement(doc, { kind: op.kind, value: op.value, id: op.id } as CreateSpec, origin) };
    case 'createChild':
      return { id: createElement(doc, { kind: op.kind, parentId: op.parentId, value: op.value, id: op.id, after: op.after }, origin) };
    case 'rename':
      renameElement(doc, at(op), op.apiName, origin);
      return { id: op.id };
    case 'delete':
      deleteElement(doc, at(op), origin);
      return { id: op.id };
    case 'set':
      setField(doc, at(op), op.field, op.value === null ? undefined : op.value, origin);
      return { id: op.id };
    case 'editText':
      editText(doc, op.id === undefined ? null : { id: op.id, parentId: op.parentId }, { index: op.index, remove: op.remove, insert: op.insert }, origin);
      return op.id === undefined ? {} : { id: op.id };
    case 'move':
      moveChild(doc, { id: op.id, parentId: op.parentId }, op.after, origin);
      return { id: op.id };
    case 'addToSet':
      addToSet(doc, at(op), op.field, op.value, origin);
      return { id: op.id };
    case 'removeFromSet':
      removeFromSet(doc, at(op), op.field, op.value, origin);
      return { id: op.id };
    case 'addAnnotation':
    case 'removeAnnotation':
      setAnnotation(doc, op.id === undefined ? null : { id: op.id, parentId: op.parentId }, op.key, op.value, op.op === 'addAnnotation', origin);
      return op.id === undefined ? {} : { id: op.id };
    case 'setName':
      setOntologyName(doc, op.name, origin);
      return {};
    case 'setMeta':
      setMeta(doc, op.key, op.value ?? undefined, origin);
      return {};
  }
}

/**
 * Apply ops in order, each in its own transaction, stopping at the first that fails.
 * Earlier ops stay applied (a Yjs transaction cannot be rolled back); the error says which op failed.
 */
export function applyOps(doc: Y.Doc, ops: readonly unknown[], origin: Origin = ORIGIN.local): OpResult[] {
  const results: OpResult[] = [];
  ops.forEach((op, index) => {
    try {
      results.push(applyOp(doc, op, origin));
    } catch (err) {
      if (err instanceof ModelError) throw new ModelError(err.code, `op ${index}: ${err.message}`, { ...err.details, opIndex: index }, { cause: err });
      throw err;
    }
  });
  return results;
}
