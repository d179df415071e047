/** The schema as a graph: object types and interfaces as nodes; links, implements, extends and supertypes as edges. */
import type { Interface, LinkType, ObjectType } from '../../../../core/model';
import type { ModelIndex } from '../../state/model-index';

export interface GNode {
  id: string;
  kind: 'objectType' | 'interface';
  label: string;
  status: string;
}

export interface GEdge {
  id: string;
  source: string;
  target: string;
  kind: 'link' | 'implements' | 'extends' | 'supertype';
  label?: string;
}

export interface GraphFilter {
  objectTypes: boolean;
  interfaces: boolean;
  status: 'any' | 'active' | 'experimental' | 'deprecated';
  focus: string | null;
  hops: number;
}

export function buildGraph(index: ModelIndex, f: GraphFilter): { nodes: GNode[]; edges: GEdge[] } {
  const nodes = new Map<string, GNode>();
  const edges: GEdge[] = [];
  const keep = (status: string): boolean => f.status === 'any' || status === f.status;
  if (f.objectTypes) {
    for (const e of index.list('objectType')) {
      const v = e.value as ObjectType & { supertypes?: string[] };
      if (!keep(v.status)) continue;
      nodes.set(e.id, { id: e.id, kind: 'objectType', label: v.apiName, status: v.status });
      for (const s of v.supertypes ?? []) edges.push({ id: `sup:${e.id}:${s}`, source: e.id, target: s, kind: 'supertype' });
      for (const i of v.implements) edges.push({ id: `impl:${e.id}:${i}`, source: e.id, target: i, kind: 'implements' });
    }
    for (const e of index.list('linkType')) {
      const v = e.value as LinkType;
      edges.push({ id: `link:${e.id}`, source: v.fromObjectTypeId, target: v.toObjectTypeId, kind: 'link', label: v.apiName });
    }
  }
  if (f.interfaces) {
    for (const e of index.list('interface')) {
      const v = e.value as Interface;
      if (!keep(v.status)) continue;
      nodes.set(e.id, { id: e.id, kind: 'interface', label: v.apiName, status: v.status });
      for (const x of v.extends) edges.push({ id: `ext:${e.id}:${x}`, source: e.id, target: x, kind: 'extends' });
    }
  }
  let live = edges.filter((e) => nodes.has(e.source) && nodes.has(e.target));
  if (f.focus && nodes.has(f.focus)) {
    const near = new Set([f.focus]);
    let frontier = [f.focus];
    const adjacent = new Map<string, string[]>();
    for (const e of live) {
      (adjacent.get(e.source) ?? adjacent.set(e.source, []).get(e.source)!).push(e.target);
      (adjacent.get(e.target) ?? adjacent.set(e.target, []).get(e.target)!).push(e.source);
    }
    for (let hop = 0; hop < f.hops; hop++) {
      const next: string[] = [];
      for (const id of frontier) for (const n of adjacent.get(id) ?? []) if (!near.has(n)) { near.add(n); next.push(n); }
      frontier = next;
    }
    for (const id of [...nodes.keys()]) if (!near.has(id)) nodes.delete(id);
    live = live.filter((e) => nodes.has(e.source) && nodes.has(e.target));
  }
  return { nodes: [...nodes.values()], edges: live };
}
