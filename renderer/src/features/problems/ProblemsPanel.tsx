/** Every diagnostic of the open branch: severity, code, where, message; click to jump; quick fixes inline. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { Diagnostic, Severity } from '../../../../core/validate';
import { useIndex } from '../../state/hooks';
import type { ModelIndex } from '../../state/model-index';
import { useProblems } from '../../state/problems';
import { useUi } from '../../state/ui';
import { discrete } from '../../state/session';
import { countOf } from '../../ui/count';
import { Icon } from '../../ui/icons';
import { quickFixFor } from './quick-fixes';

const ROW = 28;
type Filter = 'all' | 'errors' | 'warnings';

function labelOf(index: ModelIndex | null, path: string): string {
  const [, id, field, childId] = path.split('/');
  const entry = id ? index?.get(id) : undefined;
  if (!entry) return id ?? path;
  const top = (entry.value as { apiName: string }).apiName;
  if (!field || !childId) return top;
  const child = (entry.value as unknown as Record<string, Record<string, { apiName?: string }> | undefined>)[field]?.[childId];
  return `${top}.${child?.apiName ?? childId}`;
}

/** Open the element's editor and focus the field the diagnostic is about. */
export function jumpTo(d: Diagnostic): void {
  const [, id, field, childId, childField] = d.path.split('/');
  if (!id) return;
  const ui = useUi.getState();
  ui.openTab(id);
  if (childId) ui.focusField({ id: childId, parentId: id, field: childField ?? 'apiName' });
  else ui.focusField({ id, field: field ?? 'apiName' });
}

const isError = (s: Severity): boolean => s === 'ERROR' || s === 'BLOCK';

export function ProblemsPanel(): ReactElement {
  const diagnostics = useProblems((s) => s.diagnostics);
  const counts = useProblems((s) => s.counts);
  const pending = useProblems((s) => s.pending);
  const index = useIndex();
  const [filter, setFilter] = useState<Filter>('all');
  const [cursor, setCursor] = useState(0);
  const parent = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => {
    const list = filter === 'errors' ? diagnostics.filter((d) => isError(d.severity))
      : filter === 'warnings' ? diagnostics.filter((d) => isError(d.severity) || d.severity === 'WARN') : diagnostics;
    // Worst first, then the validator's own (path) order.
    const rank: Record<Severity, number> = { BLOCK: 0, ERROR: 1, WARN: 2, INFO: 3 };
    return [...list].sort((a, b) => rank[a.severity] - rank[b.severity]);
  }, [diagnostics, filter]);
  const virtual = useVirtualizer({ count: shown.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 10 });
  const onKey = (e: KeyboardEvent): void => {
    const move = (n: number): void => {
      e.preventDefault();
      const c = Math.max(0, Math.min(shown.length - 1, n));
      setCursor(c);
      virtual.scrollToIndex(c);
    };
    if (e.key === 'ArrowDown') move(cursor + 1);
    else if (e.key === 'ArrowUp') move(cursor - 1);
    else if (e.key === 'Enter') {
      const d = shown[cursor];
      if (d) jumpTo(d);
    }
  };
  return (
    <section className="panel" aria-label="Problems">
      <div className="panel-head">
        <Icon name="problems" /> Problems
        <span className="muted" style={{ fontWeight: 400 }}>{countOf(counts.errors, 'error')} · {countOf(counts.warnings, 'warning')} · {counts.infos} info{pending ? ' · checking…' : ''}</span>
        <span style={{ flex: 1 }} />
        <select className="select" style={{ width: 'auto', height: 22 }} aria-label="Show problems" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          <option value="all">All</option><option value="warnings">Errors and warnings</option><option value="errors">Errors only</option>
        </select>
        <button type="button" className="btn ghost icon" aria-label="Close problems panel" onClick={() => useUi.getState().togglePanel(false)}><Icon name="close" /></button>
      </div>
      {shown.length === 0 ? (
        <div className="empty" style={{ height: 'auto', padding: 16 }}><span>{pending ? 'Checking…' : 'No problems. Validation runs as you type.'}</span></div>
      ) : (
        <div ref={parent} className="panel-body" role="listbox" aria-label="Problem list" tabIndex={0} onKeyDown={onKey} aria-activedescendant={`prob-${cursor}`}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((v) => {
              const d = shown[v.index];
              if (!d) return null;
              const fix = index ? quickFixFor(d, index) : null;
              return (
                <div key={v.key} id={`prob-${v.index}`} className="problem" role="option" aria-selected={v.index === cursor}
                  aria-label={`${d.severity} ${d.code} ${labelOf(index, d.path)}: ${d.message}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)`, background: v.index === cursor ? 'var(--bg-hover)' : undefined }}
                  onClick={() => { setCursor(v.index); jumpTo(d); }}>
                  <span className={`sev ${d.severity}`}>{d.severity}</span>
                  <span className="code" title={d.code}>{d.code}</span>
                  <span className="msg" title={d.message}><strong>{labelOf(index, d.path)}</strong> — {d.message}</span>
                  {fix ? <button type="button" className="btn" style={{ height: 22 }} onClick={(e) => { e.stopPropagation(); discrete(fix.apply); }}><Icon name="wrench" size={14} /> {fix.label}</button> : <span />}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
