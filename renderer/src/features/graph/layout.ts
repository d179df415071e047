/**
 * ELK layered layout, run by ELK's own worker script (elk-worker.min.js as a classic worker): a
 * 1,000-type graph takes seconds to lay out and must not freeze the window.
 */
import ELK from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

export interface LayoutInput {
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{ id: string; source: string; target: string }>;
}

export type Positions = Record<string, { x: number; y: number }>;

export class LayoutError extends Error {
  readonly code = 'LAYOUT_FAILED';
}

export interface Layouter {
  layout(input: LayoutInput): Promise<Positions>;
  dispose(): void;
}

export function createLayouter(): Layouter {
  const elk = new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  return {
    async layout({ nodes, edges }) {
      const ids = new Set(nodes.map((n) => n.id));
      try {
        const g = await elk.layout({
          id: 'root',
          layoutOptions: {
            'elk.algorithm': 'layered',
            'elk.direction': 'RIGHT',
            'elk.layered.spacing.nodeNodeBetweenLayers': '80',
            'elk.spacing.nodeNode': '32',
            'elk.spacing.componentComponent': '60',
            // Big graphs: the simple placer is linear; network simplex looks best on small ones.
            'elk.layered.nodePlacement.strategy': nodes.length > 300 ? 'SIMPLE' : 'NETWORK_SIMPLEX',
          },
          children: nodes,
          edges: edges.filter((x) => ids.has(x.source) && ids.has(x.target) && x.source !== x.target).map((x) => ({ id: x.id, sources: [x.source], targets: [x.target] })),
        });
        const positions: Positions = {};
        for (const c of g.children ?? []) positions[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
        return positions;
      } catch (err) {
        throw new LayoutError(err instanceof Error ? err.message : String(err), { cause: err });
      }
    },
    dispose: () => elk.terminateWorker(),
  };
}
