/**
 * A searchable picker over a long list (every object type of a 50k workspace): the ARIA 1.2
 * editable combobox with a listbox popup. Closed, it is one input showing the current value, so an
 * editor re-render costs nothing per option; open, only the ~10 visible options are in the DOM.
 *
 * Keyboard: type to filter (the first match is highlighted), ↓/↑ open and move, PageDown/PageUp
 * move by a page, Enter or Tab takes the highlighted option, Escape closes and puts the value back.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';

export interface ComboboxProps<T> {
  /** The input's DOM id (a `<label htmlFor>` and the problems panel's focus find it). */
  id?: string;
  /** The accessible name, and the listbox's. */
  label: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  labelOf: (item: T) => string;
  /** Muted text after the label (a display name), when it says something the label does not. */
  detailOf?: (item: T) => string | undefined;
  /**
   * The items matching a lower-cased, trimmed query, best first, without the keys in `skip`; the
   * items themselves for an empty query and no skip (combo-filter.ts: rankFilter, filterEntries).
   */
  filter: (items: readonly T[], query: string, skip?: ReadonlySet<string>) => readonly T[];
  /** Keys not offered (the members already in a set). */
  skip?: ReadonlySet<string>;
  /** The key of the current value. */
  value: string | undefined;
  /** What the closed field shows: the current value's label, `missing: <id>`, or '' for none. */
  display: string;
  /** Label of a first option that clears the value; null when a value is required. */
  noneLabel?: string | null;
  placeholder?: string;
  onPick: (key: string | undefined) => void;
  invalid?: boolean;
}

const ROW = 28;
const PAGE = 10;
/** Space the popup wants below the field before it opens upwards instead. */
const POPUP_MAX = ROW * PAGE + 28;

type Slot<T> = { none: true } | { none: false; item: T };

export function Combobox<T>(props: ComboboxProps<T>): ReactElement {
  const { id, label, items, keyOf, labelOf, filter, skip, value, display, noneLabel = null, placeholder, onPick, invalid } = props;
  const listId = `${useId()}-list`;
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [up, setUp] = useState(false);
  /** What was typed since the field was opened; null: nothing yet (the list shows everything). */
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);

  const q = (query ?? '').trim().toLowerCase();
  // Only while open: a closed picker never walks its 50k items.
  const shown = useMemo(() => (open ? filter(items, q, skip) : []), [open, items, q, filter, skip]);
  const hasNone = noneLabel !== null && q.length === 0;
  const count = shown.length + (hasNone ? 1 : 0);
  const slot = (i: number): Slot<T> | undefined => {
    if (hasNone && i === 0) return { none: true };
    const item = shown[i - (hasNone ? 1 : 0)];
    return item === undefined ? undefined : { none: false, item };
  };

  const show = (at: number | 'current'): void => {
    const box = input.current?.getBoundingClientRect();
    setUp(box !== undefined && window.innerHeight - box.bottom < POPUP_MAX && box.top > window.innerHeight - box.bottom);
    if (at === 'current') {
      const i = value === undefined ? -1 : items.findIndex((it) => keyOf(it) === value);
      setActive(i >= 0 ? i + (noneLabel !== null ? 1 : 0) : 0);
    } else setActive(at);
    setOpen(true);
  };
  /** Set when a pick or an Escape put the value back in the focused field: select it after the commit. */
  const reselect = useRef(false);
  useLayoutEffect(() => {
    if (!reselect.current) return;
    reselect.current = false;
    // So the next letter typed starts a new search instead of appending to the name shown.
    if (document.activeElement === input.current) input.current?.select();
  });
  const close = (): void => {
    setOpen(false);
    setQuery(null);
    reselect.current = true;
  };
  const pick = (i: number): void => {
    const s = slot(i);
    close();
    if (!s) return;
    const key = s.none ? undefined : keyOf(s.item);
    if (key !== value) onPick(key);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const move = (to: number): void => {
      e.preventDefault();
      if (!open) show('current');
      else setActive(Math.max(0, Math.min(count - 1, to)));
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp' && e.altKey && open) { e.preventDefault(); pick(active); }
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown' && open) move(active + PAGE);
    else if (e.key === 'PageUp' && open) move(active - PAGE);
    else if (e.key === 'Enter' && open) {
      // Not the surrounding form's submit: Enter here means "this one".
      e.preventDefault();
      pick(active);
    } else if (e.key === 'Escape' && (open || query !== null)) {
      // Only this field's Escape: a dialog around it stays open.
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab' && open) {
      // Typing a name then Tab takes it, as a native select's type-ahead does; just passing through does not.
      if (query !== null && count > 0) pick(active);
      else close();
    }
  };

  const activeId = open && count > 0 ? `${listId}-${active}` : undefined;
  return (
    <span className={`combo${open ? ' open' : ''}`}>
      <input ref={input} id={id} className="input combo-input" role="combobox" aria-label={label} aria-expanded={open}
        aria-controls={listId} aria-autocomplete="list" aria-activedescendant={activeId} aria-invalid={invalid || undefined}
        autoComplete="off" spellCheck={false} placeholder={placeholder}
        value={query ?? display}
        onChange={(e) => { setQuery(e.target.value); show(0); }}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.currentTarget.select()}
        onBlur={close}
        onClick={() => { if (!open) show('current'); }} />
      <span className="combo-chevron" aria-hidden="true"
        onMouseDown={(e) => { e.preventDefault(); input.current?.focus(); if (open) close(); else show('current'); }}>▾</span>
      {open && (
        <ComboList id={listId} label={label} count={count} active={active} up={up} total={items.length} shown={shown.length}
          onHover={setActive} onPick={pick}
          render={(i) => {
            const s = slot(i);
            if (!s) return null;
            if (s.none) return { text: noneLabel ?? '', detail: undefined, current: value === undefined };
            const detail = props.detailOf?.(s.item);
            const text = labelOf(s.item);
            return { text, detail: detail && detail !== text ? detail : undefined, current: keyOf(s.item) === value };
          }} />
      )}
    </span>
  );
}

interface RowView { text: string; detail: string | undefined; current: boolean }

/** The open popup: a virtualised listbox (mounted only while open, so its virtualiser costs nothing closed). */
function ComboList({ id, label, count, active, up, total, shown, onHover, onPick, render }: {
  id: string; label: string; count: number; active: number; up: boolean; total: number; shown: number;
  onHover: (i: number) => void; onPick: (i: number) => void; render: (i: number) => RowView | null;
}): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 4 });
  useEffect(() => {
    if (count > 0) virtual.scrollToIndex(Math.min(active, count - 1), { align: 'auto' });
  }, [active, count, virtual]);
  return (
    <div className={`combo-pop${up ? ' up' : ''}`}>
      <div ref={scroller} className="combo-scroll" style={{ height: Math.max(1, Math.min(count, PAGE)) * ROW }}>
        <div id={id} role="listbox" aria-label={label} style={{ height: virtual.getTotalSize(), position: 'relative' }}
          // Keep the focus in the input: the click picks, the blur would close first.
          onMouseDown={(e) => e.preventDefault()}>
          {virtual.getVirtualItems().map((v) => {
            const row = render(v.index);
            if (!row) return null;
            return (
              <div key={v.key} id={`${id}-${v.index}`} role="option" aria-selected={v.index === active} aria-setsize={count} aria-posinset={v.index + 1}
                className={`combo-option${row.current ? ' current' : ''}`} style={{ transform: `translateY(${v.start}px)` }}
                onMouseMove={() => { if (v.index !== active) onHover(v.index); }} onClick={() => onPick(v.index)}>
                <span className="check" aria-hidden="true">{row.current ? '✓' : ''}</span>
                <span className="text">{row.text}</span>
                {/* The separator keeps the accessible name "Flight, Flight leg", not "FlightFlight leg". */}
                {row.detail && <><span className="sr-only">, </span><span className="detail">{row.detail}</span></>}
              </div>
            );
          })}
        </div>
        {count === 0 && <div className="combo-empty">No match</div>}
      </div>
      <div className="combo-foot" aria-hidden="true">{shown === total ? `${total}` : `${shown} of ${total}`}</div>
    </div>
  );
}
