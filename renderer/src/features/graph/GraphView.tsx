/**
 * The schema graph: ELK layout in a worker, pan/zoom, focus on a type and its n-hop neighbourhood,
 * kind/status filters, click through to the editor, SVG/PNG export. Fluid at 1,000 types: only
 * visible elements render, and zoomed out the nodes drop their labels (level of detail).
 */
import {
  Background, Controls, Handle, MarkerType, MiniMap, Position, ReactFlow, ReactFlowProvider, getNodesBounds, getViewportForBounds, useReactFlow, useStore,
  type Edge, type Node, type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { toPng, toSvg } from 'html-to-image';
import { memo, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useElement, useIndex, useStructureVersion } from '../../state/hooks';
import { useUi } from '../../state/ui';
import { Combobox } from '../../ui/Combobox';
import { countOf } from '../../ui/count';
import { Icon } from '../../ui/icons';
import { entryDetail, entryKey, entryName, useEntryFilter } from '../editor/pickers';
import { createLayouter, type Layouter, type Positions } from './layout';
import { buildGraph, type GNode, type GraphFilter } from './graph-model';

const W = 160;
const H = 40;
type EntityData = { g: GNode; focused: boolean };

const zoomedOut = (s: { transform: [number, number, number] }): boolean => s.transform[2] < 0.45;

const EntityNode = memo(function EntityNode({ data }: NodeProps<Node<EntityData>>): ReactElement {
  const lod = useStore(zoomedOut);
  const { g, focused } = data;
  return (
    <div className={`gnode ${g.kind === 'interface' ? 'interface' : ''} ${focused ? 'focus' : ''} ${g.status === 'deprecated' ? 'deprecated' : ''}`}
      style={{ width: W, height: H }} title={g.label}>
      <Handle type="target" position={Position.Left} style={{ opacity: 0 }} isConnectable={false} />
      {!lod && (
        <>
          <div className="k">{g.kind === 'interface' ? 'Interface' : 'Object type'}</div>
          <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{g.label}</div>
        </>
      )}
      <Handle type="source" position={Position.Right} style={{ opacity: 0 }} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { entity: EntityNode };

export function GraphView(): ReactElement {
  return <ReactFlowProvider><Graph /></ReactFlowProvider>;
}

function Graph(): ReactElement {
  const index = useIndex();
  const version = useStructureVersion();
  const focus = useUi((s) => s.graphFocus);
  const setGraphFocus = useUi((s) => s.setGraphFocus);
  const focused = useElement(focus.id);
  const [kinds, setKinds] = useState({ objectTypes: true, interfaces: true });
  const [status, setStatus] = useState<GraphFilter['status']>('any');
  const [positions, setPositions] = useState<Positions>({});
  const [layingOut, setLayingOut] = useState(false);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const flow = useReactFlow();
  const layouter = useRef<Layouter | null>(null);
  const seq = useRef(0);

  const graph = useMemo(
    () => (index ? buildGraph(index, { ...kinds, status, focus: focus.id, hops: focus.hops }) : { nodes: [], edges: [] }),
    [index, version, kinds, status, focus.id, focus.hops],
  );

  useEffect(() => {
    const l = createLayouter();
    layouter.current = l;
    return () => l.dispose();
  }, []);

  useEffect(() => {
    const l = layouter.current;
    if (!l) return;
    const mine = ++seq.current;
    setLayingOut(true);
    l.layout({
      nodes: graph.nodes.map((n) => ({ id: n.id, width: W, height: H })),
      edges: graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    }).then(
      (p) => {
        if (mine !== seq.current) return;
        setLayingOut(false);
        setLayoutError(null);
        setPositions(p);
        requestAnimationFrame(() => void flow.fitView({ padding: 0.15, duration: 0 }));
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        setLayingOut(false);
        setLayoutError(err instanceof Error ? err.message : String(err));
      },
    );
  }, [graph, flow]);

  const cols = Math.max(1, Math.ceil(Math.sqrt(graph.nodes.length)));
  const nodes: Array<Node<EntityData>> = graph.nodes.map((g, i) => ({
    id: g.id, type: 'entity', ariaLabel: `${g.kind === 'interface' ? 'Interface' : 'Object type'} ${g.label}`,
    // Until the layout arrives, a grid: something to look at at once, no jump from (0,0).
    position: positions[g.id] ?? { x: (i % cols) * (W + 40), y: Math.floor(i / cols) * (H + 40) },
    data: { g, focused: g.id === focus.id }, width: W, height: H,
  }));
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id, source: e.source, target: e.target, label: e.kind === 'link' ? e.label : undefined,
    animated: false, style: e.kind === 'link' ? undefined : { strokeDasharray: '5 4' },
    markerEnd: { type: e.kind === 'supertype' || e.kind === 'implements' || e.kind === 'extends' ? MarkerType.ArrowClosed : MarkerType.Arrow },
  }));

  const exportImage = async (kind: 'svg' | 'png'): Promise<void> => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    if (!viewport) return;
    const bounds = getNodesBounds(flow.getNodes());
    const width = Math.min(8000, Math.max(400, bounds.width + 80));
    const height = Math.min(8000, Math.max(300, bounds.height + 80));
    const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.04);
    const options = { width, height, backgroundColor: getComputedStyle(document.body).backgroundColor, style: { width: `${width}px`, height: `${height}px`, transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})` } };
    const url = kind === 'svg' ? await toSvg(viewport, options) : await toPng(viewport, options);
    const a = document.createElement('a');
    a.href = url;
    a.download = `schema-graph.${kind}`;
    a.click();
  };

  // Memoised on the structure: the combobox filters it only while open, but a new array each
  // render would make it re-filter 50k entries per keystroke.
  const filter = useEntryFilter();
  const focusable = useMemo(() => (index ? [...index.list('objectType'), ...index.list('interface')] : []), [index, version]);
  if (!index || (index.count('objectType') === 0 && index.count('interface') === 0)) {
    return <div className="empty"><h2>Nothing to draw yet</h2><p>Create object types and links; they appear here laid out automatically.</p></div>;
  }
  return (
    <div className="graph" aria-label="Schema graph" role="region">
      <div className="graph-toolbar" role="toolbar" aria-label="Graph tools">
        <label className="check"><input type="checkbox" checked={kinds.objectTypes} onChange={(e) => setKinds({ ...kinds, objectTypes: e.target.checked })} /> Object types</label>
        <label className="check"><input type="checkbox" checked={kinds.interfaces} onChange={(e) => setKinds({ ...kinds, interfaces: e.target.checked })} /> Interfaces</label>
        <select className="select" aria-label="Graph status filter" value={status} onChange={(e) => setStatus(e.target.value as GraphFilter['status'])}>
          <option value="any">Any status</option><option value="active">Active</option><option value="experimental">Experimental</option><option value="deprecated">Deprecated</option>
        </select>
        <span style={{ width: 200 }}>
          <Combobox label="Focus on" items={focusable} keyOf={entryKey} labelOf={entryName} detailOf={entryDetail} filter={filter}
            value={focus.id ?? undefined} display={focused ? entryName(focused) : ''} noneLabel="Whole schema" placeholder="Whole schema"
            onPick={(key) => setGraphFocus({ id: key ?? null })} />
        </span>
        <select className="select" aria-label="Neighbourhood hops" value={focus.hops} disabled={!focus.id} onChange={(e) => setGraphFocus({ hops: Number(e.target.value) })}>
          {[1, 2, 3, 4].map((h) => <option key={h} value={h}>{h} hop{h > 1 ? 's' : ''}</option>)}
        </select>
        <button type="button" className="btn" onClick={() => void exportImage('svg')}><Icon name="download" /> SVG</button>
        <button type="button" className="btn" onClick={() => void exportImage('png')}><Icon name="download" /> PNG</button>
        <span className="muted" aria-live="polite">{layingOut ? 'Laying out…' : `${countOf(graph.nodes.length, 'node')} · ${countOf(graph.edges.length, 'edge')}`}</span>
        {layoutError && <span className="diag ERROR">LAYOUT_FAILED: {layoutError}</span>}
      </div>
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} onlyRenderVisibleElements minZoom={0.05} maxZoom={2} fitView
        nodesConnectable={false} edgesFocusable={false} proOptions={{ hideAttribution: true }}
        onNodeClick={(_, n) => useUi.getState().openTab(n.id)}
        onNodeDoubleClick={(_, n) => setGraphFocus({ id: n.id })}>
        <Background gap={24} />
        <Controls showInteractive={false} />
        {graph.nodes.length <= 2000 && <MiniMap pannable zoomable />}
      </ReactFlow>
    </div>
  );
}
