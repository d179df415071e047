/** The studio shell: welcome screen until a branch is open, then explorer, tabs, editor/graph, problems, status bar. */
import { lazy, Suspense, useEffect, type ReactElement } from 'react';
import { Explorer } from './features/explorer/Explorer';
import { Editor } from './features/editor/Editor';
import { Palette } from './features/palette/Palette';
import { ProblemsPanel } from './features/problems/ProblemsPanel';
import { Dialogs } from './features/shell/Dialogs';
import { DropZone } from './features/shell/DropZone';
import { Notice } from './features/shell/Notice';
import { useTheme } from './features/shell/theme';
import { ShortcutsSheet } from './features/shortcuts/ShortcutsSheet';
import { StatusBar } from './features/statusbar/StatusBar';
import { Tabs } from './features/tabs/Tabs';
import { Welcome } from './features/welcome/Welcome';
import { handleGlobalKey } from './features/commands/registry';
import { startValidation } from './state/problems';
import { useSession } from './state/session';
import { GRAPH_TAB, useUi } from './state/ui';
import { Icon, Logo } from './ui/icons';

// The graph pulls in xyflow and its CSS: load it when first opened, not at start-up.
const GraphView = lazy(() => import('./features/graph/GraphView').then((m) => ({ default: m.GraphView })));

function Workarea(): ReactElement {
  const active = useUi((s) => s.active);
  const panelOpen = useUi((s) => s.panelOpen);
  return (
    <div className={`workarea${panelOpen ? '' : ' no-panel'}`}>
      <Tabs />
      <div className="content" role="tabpanel" aria-label="Editor">
        {active === null ? (
          <div className="empty">
            <h2>Nothing open</h2>
            <p>Pick an element in the explorer, press <kbd className="kbd">Ctrl</kbd> <kbd className="kbd">K</kbd> to search commands and elements, or <kbd className="kbd">Alt</kbd> <kbd className="kbd">Shift</kbd> <kbd className="kbd">N</kbd> for a new object type.</p>
          </div>
        ) : active === GRAPH_TAB ? (
          <Suspense fallback={<div className="empty">Loading the graph…</div>}><GraphView /></Suspense>
        ) : <Editor key={active} id={active} />}
      </div>
      {panelOpen ? <ProblemsPanel /> : <div />}
    </div>
  );
}

function Studio(): ReactElement {
  const name = useSession((s) => s.index?.root().name ?? '');
  const index = useSession((s) => s.index);
  useEffect(() => (index ? startValidation(index) : undefined), [index]);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand"><Logo /> OMS Studio</span>
        <span className="muted">/ {name}</span>
        <span className="spacer" />
        <button type="button" className="palette-trigger" onClick={() => useUi.getState().setPalette(true)} aria-label="Open command palette">
          <Icon name="search" /> Search commands and elements <span style={{ flex: 1 }} /><kbd className="kbd">Ctrl K</kbd>
        </button>
        <span className="spacer" />
        <ThemeToggle />
      </header>
      <div className="main">
        <Explorer />
        <Workarea />
      </div>
      <StatusBar />
    </div>
  );
}

function ThemeToggle(): ReactElement {
  const theme = useUi((s) => s.theme);
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  return (
    <button type="button" className="btn ghost icon" aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'} aria-pressed={dark}
      onClick={() => useUi.getState().setTheme(dark ? 'light' : 'dark')}>
      <Icon name={dark ? 'sun' : 'moon'} />
    </button>
  );
}

export function App(): ReactElement {
  useTheme();
  const open = useSession((s) => s.status === 'open');
  useEffect(() => {
    window.addEventListener('keydown', handleGlobalKey);
    return () => window.removeEventListener('keydown', handleGlobalKey);
  }, []);
  return (
    <>
      {open ? <Studio /> : (
        <div style={{ height: '100%', display: 'grid', gridTemplateRows: '1fr auto' }}>
          <Welcome />
          <div style={{ position: 'fixed', top: 10, right: 10 }}><ThemeToggle /></div>
        </div>
      )}
      <Palette />
      <ShortcutsSheet />
      <Dialogs />
      <Notice />
      <DropZone />
    </>
  );
}
