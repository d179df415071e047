/**
 * `validate(ontology)`: every semantic check of DESIGN.md §2 in one indexing pass plus one pass per
 * collection, so cost grows linearly with the ontology. Diagnostics come back sorted by path, then
 * code, then message, so the same ontology always gives the same list.
 */
import type { Ontology } from '../model';
import { checkActionTypes } from './check-actions';
import { checkInterfaces, checkSharedProperties } from './check-interfaces';
import { checkHierarchy } from './check-hierarchy';
import { checkLinkTypes } from './check-links';
import { checkAnnotations } from './check-annotations';
import { checkNames } from './check-names';
import { checkObjectTypes } from './check-object-types';
import { checkStructTypes } from './check-structs';
import { checkValueTypes } from './check-value-types';
import { ValidationContext } from './context';
import type { Diagnostic } from './diagnostics';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function validate(o: Ontology): Diagnostic[] {
  const ctx = new ValidationContext(o);
  checkNames(ctx);
  checkObjectTypes(ctx);
  checkHierarchy(ctx);
  checkAnnotations(ctx);
  checkLinkTypes(ctx);
  checkInterfaces(ctx);
  checkSharedProperties(ctx);
  checkValueTypes(ctx);
  checkStructTypes(ctx);
  checkActionTypes(ctx);
  return ctx.diagnostics.sort((a, b) => compare(a.path, b.path) || compare(a.code, b.code) || compare(a.message, b.message));
}
