/**
 * Writes from editor fields: one validated core/yjs edit with origin 'local'. A refused edit (zod
 * says no) comes back as its message for the field to show, and the doc is untouched.
 */
import { z } from 'zod';
import { ModelError } from '../../../../core/errors';
import { ELEMENT_SCHEMA, setField, type ElementAddress } from '../../../../core/yjs';
import type { ElementKind } from '../../../../core/model';
import { discrete, openSession } from '../../state/session';

export function writeField(address: ElementAddress, field: string, value: unknown, options: { typing?: boolean } = {}): string | null {
  try {
    if (options.typing) setField(openSession().doc, address, field, value);
    else discrete(() => setField(openSession().doc, address, field, value));
    return null;
  } catch (err) {
    if (err instanceof ModelError) return `${err.code}: ${err.message}`;
    throw err;
  }
}

/** Whether the model has this field (fields arrive with the model; the UI adapts instead of breaking). */
export function hasField(kind: ElementKind, field: string): boolean {
  const schema = ELEMENT_SCHEMA[kind];
  return schema instanceof z.ZodObject && field in (schema.shape as Record<string, unknown>);
}

/** DOM id of a field's input, so the problems panel can focus it. */
export function fieldDomId(address: ElementAddress, field: string): string {
  return `f-${address.parentId ? `${address.parentId}-` : ''}${address.id}-${field}`;
}
