/**
 * Every action of the studio as a command: the palette lists them with their shortcuts, the
 * shortcuts sheet prints them, and the one global key handler runs them. Adding a feature's action
 * is one entry here, so nothing is reachable by mouse only.
 */
import type { TopLevelKind } from '../../../../core/model';
import { GRAPH_TAB, useUi } from '../../state/ui';
import { useSession } from '../../state/session';
import { KIND_LABEL } from '../../ui/icons';
import { deprecate, duplicate } from '../elements/ops';
import { pullOpenBranch, pushOpenBranch } from '../sync/SyncDialog';

export interface Command {
  id: string;
  title: string;
  group: 'General' | 'Create' | 'Element' | 'View' | 'Workspace' | 'Edit';
  /** Written as "Mod+Shift+Z": Mod is Cmd on macOS, Ctrl elsewhere. */
  shortcut?: string;
  /** Hidden from the palette and refused by the key handler when false. */
  enabled?: () => boolean;
  run: () => void;
}

const hasSession = (): boolean => useSession.getState().status === 'open';
const activeEntry = () => {
  const { active } = useUi.getState();
  return active && active !== GRAPH_TAB ? useSession.getState().index?.get(active) : undefined;
};

const CREATE_KINDS: TopLevelKind[] = ['objectType', 'linkType', 'interface', 'sharedProperty', 'valueType', 'structType', 'actionType'];
const CREATE_SHORTCUT: Partial<Record<TopLevelKind, string>> = { objectType: 'Alt+Shift+N' };

export function allCommands(): Command[] {
  const ui = useUi.getState();
  const session = useSession.getState();
  const list: Command[] = [
    { id: 'palette', title: 'Show all commands', group: 'General', shortcut: 'Mod+K', run: () => ui.setPalette(true) },
    { id: 'shortcuts', title: 'Keyboard shortcuts', group: 'General', shortcut: '?', run: () => ui.setShortcuts(true) },
    {
      id: 'theme', title: 'Toggle dark theme', group: 'View', shortcut: 'Alt+Shift+T',
      run: () => ui.setTheme(document.documentElement.classList.contains('dark') ? 'light' : 'dark'),
    },
    { id: 'theme.system', title: 'Theme: follow the system', group: 'View', run: () => ui.setTheme('system') },
    { id: 'undo', title: 'Undo', group: 'Edit', shortcut: 'Mod+Z', enabled: () => useSession.getState().canUndo, run: () => useSession.getState().undo?.undo() },
    { id: 'redo', title: 'Redo', group: 'Edit', shortcut: 'Mod+Shift+Z', enabled: () => useSession.getState().canRedo, run: () => useSession.getState().undo?.redo() },
    { id: 'problems', title: 'Toggle problems panel', group: 'View', shortcut: 'Mod+Shift+M', enabled: hasSession, run: () => ui.togglePanel() },
    { id: 'graph', title: 'Open graph view', group: 'View', shortcut: 'Alt+Shift+G', enabled: hasSession, run: () => ui.openTab(GRAPH_TAB) },
    { id: 'explorer.search', title: 'Search elements', group: 'View', shortcut: '/', enabled: hasSession, run: () => document.getElementById('explorer-search')?.focus() },
    { id: 'tab.close', title: 'Close tab', group: 'View', shortcut: 'Alt+W', enabled: () => useUi.getState().active !== null, run: () => { const a = useUi.getState().active; if (a) ui.closeTab(a); } },
    { id: 'import', title: 'Import OWL / RDF / OMS file…', group: 'Workspace', shortcut: 'Mod+Alt+I', run: () => ui.openDialog({ type: 'import' }) },
    { id: 'export', title: 'Export…', group: 'Workspace', shortcut: 'Mod+Alt+E', enabled: hasSession, run: () => ui.openDialog({ type: 'export' }) },
    { id: 'workspace.new', title: 'New workspace…', group: 'Workspace', run: () => ui.openDialog({ type: 'newWorkspace' }) },
    { id: 'workspace.open', title: 'Open workspace…', group: 'Workspace', run: () => ui.openDialog({ type: 'openWorkspace' }) },
    { id: 'workspace.connect', title: 'Sync with a server: sign in, clone, connect…', group: 'Workspace', run: () => ui.openDialog({ type: 'connect' }) },
    { id: 'sync.push', title: 'Push branch to the server', group: 'Workspace', enabled: hasSession, run: () => void pushOpenBranch() },
    { id: 'sync.pull', title: 'Pull branch from the server (merges when both changed)', group: 'Workspace', enabled: hasSession, run: () => void pullOpenBranch() },
    { id: 'workspace.close', title: 'Close workspace (back to welcome)', group: 'Workspace', enabled: hasSession, run: () => void session.close() },
  ];
  for (const kind of CREATE_KINDS) {
    list.push({
      id: `create.${kind}`, title: `New ${KIND_LABEL[kind].one.toLowerCase()}…`, group: 'Create', shortcut: CREATE_SHORTCUT[kind], enabled: hasSession,
      run: () => ui.openDialog({ type: 'create', kind }),
    });
  }
  const isObjectType = () => activeEntry()?.kind === 'objectType';
  list.push(
    { id: 'element.addProperty', title: 'Add property to this object type…', group: 'Element', shortcut: 'Alt+Shift+P', enabled: isObjectType, run: () => { const e = activeEntry(); if (e) ui.openDialog({ type: 'addProperty', parentId: e.id }); } },
    { id: 'element.rename', title: 'Rename this element…', group: 'Element', shortcut: 'F2', enabled: () => !!activeEntry(), run: () => { const e = activeEntry(); if (e) ui.openDialog({ type: 'rename', id: e.id }); } },
    { id: 'element.duplicate', title: 'Duplicate this element', group: 'Element', shortcut: 'Alt+Shift+D', enabled: () => !!activeEntry(), run: () => { const e = activeEntry(); if (e) ui.openTab(duplicate(e)); } },
    {
      id: 'element.deprecate', title: 'Deprecate / reactivate this element', group: 'Element', enabled: () => !!activeEntry(),
      run: () => { const e = activeEntry(); if (e) deprecate(e, (e.value as { status: string }).status === 'deprecated' ? 'active' : 'deprecated'); },
    },
    { id: 'element.delete', title: 'Delete this element…', group: 'Element', shortcut: 'Alt+Shift+Backspace', enabled: () => !!activeEntry(), run: () => { const e = activeEntry(); if (e) ui.openDialog({ type: 'delete', id: e.id }); } },
    { id: 'element.graph', title: 'Show this element in the graph', group: 'Element', enabled: () => !!activeEntry(), run: () => { const e = activeEntry(); if (e) { ui.setGraphFocus({ id: e.id }); ui.openTab(GRAPH_TAB); } } },
  );
  return list;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Mod+Shift+Z" as the keys a person presses on this platform. */
export function shortcutKeys(shortcut: string): string[] {
  return shortcut.split('+').map((k) => (k === 'Mod' ? (isMac ? '⌘' : 'Ctrl') : k === 'Alt' && isMac ? '⌥' : k));
}

function matches(shortcut: string, e: KeyboardEvent): boolean {
  const parts = shortcut.split('+');
  const key = parts.at(-1) ?? '';
  const mod = parts.includes('Mod');
  const wantShift = parts.includes('Shift');
  const wantAlt = parts.includes('Alt');
  if ((isMac ? e.metaKey : e.ctrlKey) !== mod) return false;
  if (e.altKey !== wantAlt) return false;
  // '?' is typed with Shift on most layouts; compare the character for it.
  if (key === '?') return e.key === '?';
  if (e.shiftKey !== wantShift) return false;
  // e.code keeps Alt+Shift+N an "N" even where Alt changes the produced character (macOS).
  if (key.length === 1) return e.key.toLowerCase() === key.toLowerCase() || e.code === `Key${key.toUpperCase()}`;
  return e.key === key;
}

const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');

/** The one keydown handler of the window. Plain-key shortcuts ('?', '/') do not fire while typing. */
export function handleGlobalKey(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  if (!isMac && e.ctrlKey && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'y') {
    e.preventDefault();
    useSession.getState().undo?.redo();
    return;
  }
  if ((isMac ? e.metaKey : e.ctrlKey) && e.shiftKey && e.key.toLowerCase() === 'p') {
    e.preventDefault();
    useUi.getState().setPalette(true);
    return;
  }
  for (const c of allCommands()) {
    if (!c.shortcut || !matches(c.shortcut, e)) continue;
    const plain = !c.shortcut.includes('+') && c.shortcut.length === 1;
    // Fields write to the doc as you type, so Mod+Z in a field is the doc's undo too; only the
    // plain-character shortcuts stay out of the way of typing.
    if (plain && isTyping(e.target)) return;
    if (c.enabled && !c.enabled()) return;
    e.preventDefault();
    c.run();
    return;
  }
}
