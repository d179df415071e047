/**
 * The in-memory counterpart of the store's SQLite entity index: for the current state of an
 * ontology, which top-level elements hold an id, carry a folded apiName, or mention an id
 * (core/merge/entity-keys.ts). Kept up to date element by element, so validation in proportion to
 * a change (incremental.ts) can find a changed element's neighbours without walking the ontology.
 */
import { entityKeys } from '../merge/entity-keys';
import type { Collection } from '../model';
import { splitKey, type EntityKey, type NeighbourSource } from './affected';

/**
 * key → elements. Most keys have one element (an id's holder, most names), so a single member is
 * kept as the bare string and a Set only where two or more share the key: at 50k types the index
 * has about a million entries, and a Set each would cost more than the ontology itself.
 */
class Postings {
  private readonly map = new Map<string, EntityKey | Set<EntityKey>>();

  add(key: string, element: EntityKey): void {
    const cur = this.map.get(key);
    if (cur === undefined) this.map.set(key, element);
    else if (typeof cur === 'string') {
      if (cur !== element) this.map.set(key, new Set([cur, element]));
    } else cur.add(element);
  }

  delete(key: string, element: EntityKey): void {
    const cur = this.map.get(key);
    if (cur === undefined) return;
    if (typeof cur === 'string') {
      if (cur === element) this.map.delete(key);
      return;
    }
    cur.delete(element);
    if (cur.size === 1) this.map.set(key, cur.values().next().value as EntityKey);
  }

  get(key: string): Iterable<EntityKey> {
    const cur = this.map.get(key);
    return cur === undefined ? [] : typeof cur === 'string' ? [cur] : [...cur];
  }
}

export class ElementIndex implements NeighbourSource {
  private readonly names = new Postings();
  private readonly held = new Postings();
  private readonly mentions = new Postings();

  /** Index `value` as the version of `element` now in the state. */
  add(element: EntityKey, value: unknown): void {
    this.each(element, value, (p, key) => p.add(key, element));
  }

  /** Forget `value`, the version of `element` that was indexed (its keys are recomputed from it). */
  remove(element: EntityKey, value: unknown): void {
    this.each(element, value, (p, key) => p.delete(key, element));
  }

  private each(element: EntityKey, value: unknown, f: (p: Postings, key: string) => void): void {
    const [c, id] = splitKey(element);
    const k = entityKeys(c, id, value);
    if (k.name !== undefined) f(this.names, `${c}\u0000${k.name}`);
    for (const id of k.ids) f(this.held, id);
    for (const m of k.mentions) f(this.mentions, m);
  }

  named(collection: Collection, folded: string): Iterable<EntityKey> {
    return this.names.get(`${collection}\u0000${folded}`);
  }

  holders(id: string): Iterable<EntityKey> {
    return this.held.get(id);
  }

  mentioning(id: string): Iterable<EntityKey> {
    return this.mentions.get(id);
  }
}
