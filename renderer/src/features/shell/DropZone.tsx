/** Drop a file anywhere on the window to import it. */
import { useEffect, useState, type ReactElement } from 'react';
import { useUi } from '../../state/ui';

export function DropZone(): ReactElement | null {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent): void => { if (hasFiles(e)) { depth++; setOver(true); } };
    const leave = (): void => { depth = Math.max(0, depth - 1); if (depth === 0) setOver(false); };
    const overFn = (e: DragEvent): void => { if (hasFiles(e)) e.preventDefault(); };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const f = e.dataTransfer?.files[0];
      if (f) void f.text().then((text) => useUi.getState().openDialog({ type: 'import', file: { name: f.name, text } }));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over ? <div className="dropzone">Drop to import</div> : null;
}
