/** A failed action, with its stable code, until the person dismisses it. */
import type { ReactElement } from 'react';
import { useUi } from '../../state/ui';
import { Icon } from '../../ui/icons';

export function Notice(): ReactElement | null {
  const notice = useUi((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="toast" role="alert">
      <Icon name="problems" />
      <div style={{ flex: 1 }}><div className="mono" style={{ fontWeight: 600 }}>{notice.code}</div><div>{notice.message}</div></div>
      <button type="button" className="btn ghost icon" aria-label="Dismiss" onClick={() => useUi.getState().notify(null)}><Icon name="close" /></button>
    </div>
  );
}
