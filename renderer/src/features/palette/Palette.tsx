/** The command palette (Mod+K, Mod+Shift+P): every command with its shortcut, plus "go to element". */
import { Command } from 'cmdk';
import { useMemo, useState, type ReactElement } from 'react';
import { useUi } from '../../state/ui';
import { useSession } from '../../state/session';
import { Icon, KIND_ICON, KIND_LABEL } from '../../ui/icons';
import { allCommands, shortcutKeys, type Command as Cmd } from '../commands/registry';
import { fuzzyScore } from './fuzzy';
import type { Entry } from '../../state/model-index';

const MAX_ELEMENTS = 30;

export function Palette(): ReactElement {
  const open = useUi((s) => s.paletteOpen);
  const setOpen = useUi((s) => s.setPalette);
  const [query, setQuery] = useState('');
  const index = useSession((s) => s.index);

  const commands = useMemo(() => {
    if (!open) return [];
    return allCommands()
      .filter((c) => !c.enabled || c.enabled())
      .map((c) => ({ c, score: fuzzyScore(query, `${c.group} ${c.title}`) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .map((x) => x.c);
  }, [open, query]);

  const elements = useMemo(() => {
    if (!open || !index || query.trim().length === 0) return [];
    const q = query.trim().toLowerCase();
    const out: Entry[] = [];
    for (const e of index.all()) {
      if (e.haystack.includes(q)) out.push(e);
      if (out.length >= MAX_ELEMENTS) break;
    }
    return out;
  }, [open, index, query]);

  const close = (): void => {
    setOpen(false);
    setQuery('');
  };
  const run = (c: Cmd): void => {
    close();
    // After the dialog has closed and handed focus back, so a command that opens a dialog keeps it.
    setTimeout(() => c.run(), 0);
  };

  return (
    <Command.Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())} label="Command palette" shouldFilter={false}
      className="palette" overlayClassName="overlay">
      <Command.Input value={query} onValueChange={setQuery} placeholder="Type a command or an element name…" aria-label="Command" />
      <Command.List>
        <Command.Empty>No command or element matches “{query}”.</Command.Empty>
        {commands.length > 0 && (
          <Command.Group heading="Commands">
            {commands.map((c) => (
              <Command.Item key={c.id} value={c.id} onSelect={() => run(c)}>
                <span>{c.title}</span>
                {c.shortcut && <span className="shortcut">{shortcutKeys(c.shortcut).map((k) => <kbd key={k} className="kbd">{k}</kbd>)}</span>}
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {elements.length > 0 && (
          <Command.Group heading="Go to">
            {elements.map((e) => (
              <Command.Item key={e.id} value={`el:${e.id}`} onSelect={() => { close(); useUi.getState().openTab(e.id); }}>
                <Icon name={KIND_ICON[e.kind]} />
                <span>{(e.value as { apiName: string }).apiName}</span>
                <span className="muted">{KIND_LABEL[e.kind].one}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
      </Command.List>
    </Command.Dialog>
  );
}
