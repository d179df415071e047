/**
 * The sidebar: every element kind with counts, search, kind/status filters and badges, as one
 * virtualised list (50k rows scroll at 60 fps: only the visible ~40 are in the DOM). Keyboard: the
 * list is one tab stop; arrows move, Enter opens, F2 renames, Delete asks to delete.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement, type RefObject } from 'react';
import type { TopLevelKind } from '../../../../core/model';
import { TOP_LEVEL_KINDS } from '../../../../core/yjs';
import { useElement, useIndex, useLabelVersion, useStructureVersion } from '../../state/hooks';
import type { Entry } from '../../state/model-index';
import { useProblems } from '../../state/problems';
import { OPEN_PHASE } from '../../state/session';
import { useUi } from '../../state/ui';
import { Icon, KIND_ICON, KIND_LABEL } from '../../ui/icons';
import { ExplorerSearch } from './search';

interface Group { type: 'group'; kind: TopLevelKind; count: number; total: number }
/** Entries go in as themselves (no wrapper object per row: the list can hold 50k of them). */
type Row = Group | Entry;
const isGroup = (r: Row): r is Group => 'type' in r;

/**
 * The rows as sections (a group header, then its entries) looked up by position, so an unfiltered
 * list is the index's own sorted arrays: a rename in a 50k-type branch rebuilds seven section
 * records, not a 100k-row array, on every keystroke.
 */
interface Section { group: Group; entries: readonly Entry[]; start: number; size: number }
class Rows {
  readonly length: number;
  constructor(private readonly sections: readonly Section[]) {
    const last = sections[sections.length - 1];
    this.length = last ? last.start + last.size : 0;
  }
  at(i: number): Row | undefined {
    for (const s of this.sections) {
      if (i < s.start || i >= s.start + s.size) continue;
      return i === s.start ? s.group : s.entries[i - s.start - 1];
    }
    return undefined;
  }
}

const ROW_HEIGHT = 26;
/**
 * Rows rendered beyond the viewport on each side. Each frame of a scroll brings in the same ~5 rows
 * whatever this is; a bigger margin only makes every frame's layout and paint walk more rows.
 */
const OVERSCAN = 4;

export function Explorer(): ReactElement {
  const index = useIndex();
  const version = useStructureVersion();
  const filter = useUi((s) => s.filter);
  const setFilter = useUi((s) => s.setFilter);
  // Not deferred: narrowing makes a keystroke's filter a scan of the previous matches, and one
  // render shows the answer (a deferred value would paint the stale list first, a frame later).
  const query = filter.query.trim().toLowerCase();
  const labels = useLabelVersion(query.length > 0);
  const [search] = useState(() => new ExplorerSearch());
  const [collapsed, setCollapsed] = useState<ReadonlySet<TopLevelKind>>(new Set());
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (index) performance.mark(OPEN_PHASE.after);
  }, [index]);

  const rows = useMemo<Rows>(() => {
    const sections: Section[] = [];
    let start = 0;
    for (const kind of TOP_LEVEL_KINDS) {
      if (!index) break;
      if (filter.kind !== 'all' && filter.kind !== kind) continue;
      const all = index.list(kind);
      const shown = search.filter(kind, all, labels, query, filter.status);
      const size = 1 + (collapsed.has(kind) ? 0 : shown.length);
      sections.push({ group: { type: 'group', kind, count: shown.length, total: all.length }, entries: shown, start, size });
      start += size;
    }
    return new Rows(sections);
    // version: the index mutates in place; it is the dependency that says its lists changed.
  }, [index, version, labels, query, filter.kind, filter.status, collapsed, search]);

  // A new search or filter shows its first matches, not whatever is at the old scroll offset.
  useLayoutEffect(() => {
    if (list.current) list.current.scrollTop = 0;
  }, [query, filter.kind, filter.status]);

  const toggle = useCallback((kind: TopLevelKind) => setCollapsed((c) => {
    const n = new Set(c);
    if (n.has(kind)) n.delete(kind);
    else n.add(kind);
    return n;
  }), []);

  const total = index ? TOP_LEVEL_KINDS.reduce((n, k) => n + index.count(k), 0) : 0;

  return (
    <nav className="sidebar" aria-label="Explorer">
      <div className="explorer-search">
        <input id="explorer-search" className="input" type="search" placeholder="Search elements  ( / )" aria-label="Search elements"
          value={filter.query} onChange={(e) => setFilter({ query: e.target.value })}
          onKeyDown={(e) => { if (e.key === 'ArrowDown') { e.preventDefault(); list.current?.focus(); } }} />
        <div style={{ display: 'flex', gap: 6 }}>
          <select className="select" aria-label="Filter by kind" value={filter.kind} onChange={(e) => setFilter({ kind: e.target.value as TopLevelKind | 'all' })}>
            <option value="all">All kinds</option>
            {TOP_LEVEL_KINDS.map((k) => <option key={k} value={k}>{KIND_LABEL[k].many}</option>)}
          </select>
          <select className="select" aria-label="Filter by status" value={filter.status} onChange={(e) => setFilter({ status: e.target.value as typeof filter.status })}>
            <option value="any">Any status</option>
            <option value="active">Active</option>
            <option value="experimental">Experimental</option>
            <option value="deprecated">Deprecated</option>
          </select>
        </div>
      </div>
      {total === 0 ? (
        <div className="empty">
          <h2>No elements yet</h2>
          <p>Press <kbd className="kbd">Alt</kbd> <kbd className="kbd">Shift</kbd> <kbd className="kbd">N</kbd> for a new object type, or <kbd className="kbd">Ctrl</kbd> <kbd className="kbd">K</kbd> for every command.</p>
        </div>
      ) : <ExplorerList ref={list} rows={rows} collapsed={collapsed} toggle={toggle} />}
    </nav>
  );
}

/**
 * The virtualised tree. Its own component so a scrolled frame (the virtualiser re-renders whoever
 * holds it, synchronously in the scroll event) renders these rows only, not the search box and the
 * filters above them.
 */
const ExplorerList = memo(function ExplorerList({ ref, rows, collapsed, toggle }: {
  ref: RefObject<HTMLDivElement | null>; rows: Rows; collapsed: ReadonlySet<TopLevelKind>; toggle: (kind: TopLevelKind) => void;
}): ReactElement {
  const [cursor, setCursor] = useState(0);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => ref.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const active = Math.min(cursor, Math.max(0, rows.length - 1));

  const activate = (row: Row | undefined): void => {
    if (!row) return;
    if (isGroup(row)) toggle(row.kind);
    else useUi.getState().openTab(row.id);
  };

  const onKey = (e: KeyboardEvent): void => {
    const move = (to: number): void => {
      e.preventDefault();
      const n = Math.max(0, Math.min(rows.length - 1, to));
      setCursor(n);
      virtual.scrollToIndex(n);
    };
    const row = rows.at(active);
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'PageDown') move(active + 20);
    else if (e.key === 'PageUp') move(active - 20);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(row);
    } else if (row && !isGroup(row) && e.key === 'F2') {
      e.preventDefault();
      useUi.getState().openDialog({ type: 'rename', id: row.id });
    } else if (row && !isGroup(row) && e.key === 'Delete') {
      e.preventDefault();
      useUi.getState().openDialog({ type: 'delete', id: row.id });
    }
  };

  return (
    <div ref={ref} className="explorer-list" role="tree" aria-label="Elements" tabIndex={0} onKeyDown={onKey}
      aria-activedescendant={rows.at(active) ? `xrow-${active}` : undefined}
      onClick={(e) => {
        // One handler for every row (rows come and go with each scrolled frame).
        const slot = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
        if (!slot) return;
        const at = Number(slot.dataset.row);
        setCursor(at);
        activate(rows.at(at));
      }}>
      {/* While it scrolls, rows ignore the pointer: a wheel scroll under a resting mouse would
          otherwise re-hover a new row (style and paint) on every frame. */}
      <div className={virtual.isScrolling ? 'explorer-rows scrolling' : 'explorer-rows'} style={{ height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((v) => {
          const row = rows.at(v.index);
          return row ? <RowSlot key={v.key} index={v.index} start={v.start} row={row} current={v.index === active} expanded={isGroup(row) && !collapsed.has(row.kind)} /> : null;
        })}
      </div>
    </div>
  );
});

/**
 * One positioned row. Memoised on its index and offset (both fixed for a row while it is in view):
 * a scrolled frame renders only the rows that came into view, not the ~40 already there. Placed by
 * `top`, not a transform: a transform per row is a paint property node per row, which every
 * frame's paint and compositor commit walk.
 */
const RowSlot = memo(function RowSlot({ index, start, row, current, expanded }: { index: number; start: number; row: Row; current: boolean; expanded: boolean }): ReactElement {
  return (
    <div id={`xrow-${index}`} data-row={index} className="explorer-slot" style={{ top: start }}>
      {isGroup(row)
        ? <GroupRow kind={row.kind} count={row.count} total={row.total} expanded={expanded} current={current} />
        : <ItemRow id={row.id} current={current} />}
    </div>
  );
});

const GroupRow = memo(function GroupRow({ kind, count, total, expanded, current }: { kind: TopLevelKind; count: number; total: number; expanded: boolean; current: boolean }): ReactElement {
  return (
    <div className={`explorer-row group${current ? ' cursor' : ''}`} role="treeitem" aria-expanded={expanded} aria-level={1}
      aria-label={`${KIND_LABEL[kind].many} (${total})`}>
      <span aria-hidden="true" style={{ width: 10 }}>{expanded ? '▾' : '▸'}</span>
      <Icon name={KIND_ICON[kind]} />
      <span className="name">{KIND_LABEL[kind].many}</span>
      <span className="count">{count === total ? total : `${count} / ${total}`}</span>
    </div>
  );
});

const ItemRow = memo(function ItemRow({ id, current }: { id: string; current: boolean }): ReactElement | null {
  // Subscribed by id: a rename repaints this row, not the list.
  const entry = useElement(id);
  const problems = useProblems((s) => {
    const list = s.byElement.get(id);
    return list ? list.filter((d) => d.severity === 'ERROR' || d.severity === 'BLOCK').length : 0;
  });
  const isActive = useUi((s) => s.active === id);
  if (!entry) return null;
  const v = entry.value as { apiName: string; displayName: string; status: string };
  return (
    <div className={`explorer-row${current ? ' cursor' : ''}`} role="treeitem" aria-level={2} aria-selected={isActive} aria-label={v.apiName}>
      <span style={{ width: 14 }} />
      <Icon name={KIND_ICON[entry.kind]} />
      <span className="name">{v.apiName}{v.displayName && v.displayName !== v.apiName ? <span className="muted"> · {v.displayName}</span> : null}</span>
      {v.status !== 'active' && <span className={`badge ${v.status}`}>{v.status}</span>}
      {problems > 0 && <span className="badge err" title={`${problems} problems`}>{problems}</span>}
    </div>
  );
});
