/** The one place dialogs are mounted, so only one is open at a time and each gets a fresh state. */
import type { ReactElement } from 'react';
import { useUi } from '../../state/ui';
import { AddPropertyDialog, CreateDialog, DeleteDialog, RenameDialog } from '../dialogs/ElementDialogs';
import { ConnectDialog, NewWorkspaceDialog, OpenWorkspaceDialog } from '../dialogs/WorkspaceDialogs';
import { ExportDialog } from '../interop/ExportDialog';
import { ImportDialog } from '../interop/ImportDialog';

export function Dialogs(): ReactElement | null {
  const d = useUi((s) => s.dialog);
  if (!d) return null;
  switch (d.type) {
    case 'create': return <CreateDialog kind={d.kind} />;
    case 'addProperty': return <AddPropertyDialog parentId={d.parentId} />;
    case 'rename': return <RenameDialog id={d.id} />;
    case 'delete': return <DeleteDialog id={d.id} />;
    case 'import': return <ImportDialog {...(d.file ? { initial: d.file } : {})} />;
    case 'export': return <ExportDialog />;
    case 'newWorkspace': return <NewWorkspaceDialog />;
    case 'openWorkspace': return <OpenWorkspaceDialog />;
    case 'connect': return <ConnectDialog />;
  }
}
