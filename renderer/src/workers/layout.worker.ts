/** ELK layered layout in a worker: a 1,000-type graph takes seconds to lay out and must not freeze the window. */
import ELK from 'elkjs/lib/elk.bundled.js';

export interface LayoutRequest {
  seq: number;
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ id: string; source: string; target: string }>;
}

export interface LayoutResponse {
  seq: number;
  positions: Record<string, { x: number; y: number }>;
  error?: string;
}

const elk = new ELK();

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const { seq, nodes, edges } = e.data;
  const ids = new Set(nodes.map((n) => n.id));
  elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '32',
      'elk.spacing.componentComponent': '60',
      // Big graphs: the simple placer is linear; network simplex is what looks best on small ones.
      'elk.layered.nodePlacement.strategy': nodes.length > 300 ? 'SIMPLE' : 'NETWORK_SIMPLEX',
    },
    children: nodes,
    edges: edges.filter((x) => ids.has(x.source) && ids.has(x.target) && x.source !== x.target).map((x) => ({ id: x.id, sources: [x.source], targets: [x.target] })),
  }).then(
    (g) => {
      const positions: LayoutResponse['positions'] = {};
      for (const c of g.children ?? []) positions[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
      self.postMessage({ seq, positions } satisfies LayoutResponse);
    },
    (err: unknown) => self.postMessage({ seq, positions: {}, error: err instanceof Error ? err.message : String(err) } satisfies LayoutResponse),
  );
};
