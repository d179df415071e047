/** Layout state of the shell: tabs, panels, dialogs, theme. Components select narrow slices of it. */
import { create } from 'zustand';
import type { TopLevelKind } from '../../../core/model';

export const GRAPH_TAB = '@graph';

export type DialogSpec =
  | { type: 'create'; kind: TopLevelKind }
  | { type: 'rename'; id: string }
  | { type: 'delete'; id: string }
  | { type: 'import'; file?: { name: string; text: string } }
  | { type: 'export' }
  | { type: 'newWorkspace' }
  | { type: 'openWorkspace' }
  | { type: 'connect' }
  | { type: 'addProperty'; parentId: string };

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface FieldFocus {
  id: string;
  parentId?: string;
  field: string;
  /** Bumped on every request so asking twice for the same field focuses it again. */
  seq: number;
}

export interface Notice {
  code: string;
  message: string;
}

export interface ExplorerFilter {
  query: string;
  kind: TopLevelKind | 'all';
  status: 'any' | 'active' | 'experimental' | 'deprecated';
}

interface UiState {
  tabs: string[];
  active: string | null;
  panelOpen: boolean;
  paletteOpen: boolean;
  shortcutsOpen: boolean;
  dialog: DialogSpec | null;
  theme: ThemeChoice;
  focus: FieldFocus | null;
  notice: Notice | null;
  filter: ExplorerFilter;
  graphFocus: { id: string | null; hops: number };
  openTab(id: string): void;
  closeTab(id: string): void;
  closeAllTabs(): void;
  setActive(id: string): void;
  togglePanel(open?: boolean): void;
  setPalette(open: boolean): void;
  setShortcuts(open: boolean): void;
  openDialog(d: DialogSpec | null): void;
  setTheme(t: ThemeChoice): void;
  focusField(f: Omit<FieldFocus, 'seq'>): void;
  notify(n: Notice | null): void;
  setFilter(f: Partial<ExplorerFilter>): void;
  setGraphFocus(f: Partial<{ id: string | null; hops: number }>): void;
}

const storedTheme = (): ThemeChoice => {
  try {
    const t = localStorage.getItem('oms.theme');
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
};

let focusSeq = 0;

export const useUi = create<UiState>((set) => ({
  tabs: [],
  active: null,
  panelOpen: false,
  paletteOpen: false,
  shortcutsOpen: false,
  dialog: null,
  theme: storedTheme(),
  focus: null,
  notice: null,
  filter: { query: '', kind: 'all', status: 'any' },
  graphFocus: { id: null, hops: 1 },
  openTab: (id) => set((s) => ({ tabs: s.tabs.includes(id) ? s.tabs : [...s.tabs, id], active: id })),
  closeTab: (id) => set((s) => {
    const i = s.tabs.indexOf(id);
    const tabs = s.tabs.filter((t) => t !== id);
    const active = s.active === id ? (tabs[Math.min(i, tabs.length - 1)] ?? null) : s.active;
    return { tabs, active };
  }),
  closeAllTabs: () => set({ tabs: [], active: null }),
  setActive: (id) => set({ active: id }),
  togglePanel: (open) => set((s) => ({ panelOpen: open ?? !s.panelOpen })),
  setPalette: (open) => set({ paletteOpen: open }),
  setShortcuts: (open) => set({ shortcutsOpen: open }),
  openDialog: (dialog) => set({ dialog }),
  setTheme: (theme) => {
    try {
      localStorage.setItem('oms.theme', theme);
    } catch {
      // Storage can be disabled (private mode); the choice then lasts for this window only.
    }
    set({ theme });
  },
  focusField: (f) => set({ focus: { ...f, seq: ++focusSeq } }),
  notify: (notice) => set({ notice }),
  setFilter: (f) => set((s) => ({ filter: { ...s.filter, ...f } })),
  setGraphFocus: (f) => set((s) => ({ graphFocus: { ...s.graphFocus, ...f } })),
}));
