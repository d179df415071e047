/** Editor tabs with undo/redo and the problems toggle at the right. */
import type { KeyboardEvent, ReactElement } from 'react';
import { useElement } from '../../state/hooks';
import { useSession } from '../../state/session';
import { GRAPH_TAB, useUi } from '../../state/ui';
import { Icon, KIND_ICON } from '../../ui/icons';

function TabLabel({ id }: { id: string }): ReactElement {
  const entry = useElement(id === GRAPH_TAB ? null : id);
  if (id === GRAPH_TAB) return <><Icon name="graph" /><span>Graph</span></>;
  if (!entry) return <span className="muted">(deleted)</span>;
  return <><Icon name={KIND_ICON[entry.kind]} /><span>{(entry.value as { apiName: string }).apiName}</span></>;
}

export function Tabs(): ReactElement {
  const tabs = useUi((s) => s.tabs);
  const active = useUi((s) => s.active);
  const canUndo = useSession((s) => s.canUndo);
  const canRedo = useSession((s) => s.canRedo);
  const ui = useUi.getState();
  const onKey = (e: KeyboardEvent, i: number): void => {
    const go = (n: number): void => {
      const id = tabs[(n + tabs.length) % tabs.length];
      if (id) {
        e.preventDefault();
        ui.setActive(id);
        document.getElementById(`tab-${id}`)?.focus();
      }
    };
    if (e.key === 'ArrowRight') go(i + 1);
    else if (e.key === 'ArrowLeft') go(i - 1);
    else if (e.key === 'Delete') ui.closeTab(tabs[i] as string);
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label="Open editors" style={{ display: 'flex' }}>
        {tabs.map((id, i) => (
          <div key={id} id={`tab-${id}`} role="tab" aria-selected={id === active} tabIndex={id === active ? 0 : -1} className="tab"
            onClick={() => ui.setActive(id)} onKeyDown={(e) => onKey(e, i)} onAuxClick={(e) => { if (e.button === 1) ui.closeTab(id); }}>
            <TabLabel id={id} />
            <button type="button" className="close" aria-label="Close tab" tabIndex={-1} onClick={(e) => { e.stopPropagation(); ui.closeTab(id); }}><Icon name="close" size={12} /></button>
          </div>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="btn ghost icon" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => useSession.getState().undo?.undo()}><Icon name="undo" /></button>
        <button type="button" className="btn ghost icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={() => useSession.getState().undo?.redo()}><Icon name="redo" /></button>
        <button type="button" className="btn ghost icon" aria-label="Graph view" title="Graph (Alt+Shift+G)" onClick={() => ui.openTab(GRAPH_TAB)}><Icon name="graph" /></button>
      </div>
    </div>
  );
}
