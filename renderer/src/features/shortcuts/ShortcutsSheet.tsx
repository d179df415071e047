/** The shortcuts sheet (?): every command that has a key, grouped, from the same registry the palette uses. */
import type { ReactElement } from 'react';
import { useUi } from '../../state/ui';
import { Modal } from '../../ui/Modal';
import { allCommands, shortcutKeys } from '../commands/registry';

const EXTRA: Array<[string, string]> = [
  ['Move in lists and trees', '↑ ↓ Home End'],
  ['Open the selected element', 'Enter'],
  ['Rename / delete the selected element', 'F2 / Delete'],
  ['Reorder a property', 'Space, then ↑ ↓, Space'],
  ['Switch tabs', '← → on a tab'],
  ['Close a dialog', 'Escape'],
];

export function ShortcutsSheet(): ReactElement | null {
  const open = useUi((s) => s.shortcutsOpen);
  if (!open) return null;
  const withKeys = allCommands().filter((c) => c.shortcut);
  return (
    <Modal open onClose={() => useUi.getState().setShortcuts(false)} title="Keyboard shortcuts" description="Everything else is in the command palette (Ctrl/Cmd+K).">
      <div className="shortcuts" role="list">
        {withKeys.map((c) => (
          <div key={c.id} role="listitem" style={{ display: 'contents' }}>
            <span>{c.title}</span>
            <span>{shortcutKeys(c.shortcut as string).map((k) => <kbd key={k} className="kbd" style={{ marginLeft: 3 }}>{k}</kbd>)}</span>
          </div>
        ))}
        {EXTRA.map(([what, keys]) => (
          <div key={what} role="listitem" style={{ display: 'contents' }}><span>{what}</span><span className="muted">{keys}</span></div>
        ))}
      </div>
    </Modal>
  );
}
