/** The editor of one element: header with its actions, then the form of its kind. */
import { useEffect, useRef, type ReactElement } from 'react';
import type { ActionType, Interface, LinkType, ObjectType, SharedProperty, StructType, ValueType } from '../../../../core/model';
import { COLLECTION_OF_KIND } from '../../../../core/model';
import { useElement } from '../../state/hooks';
import { useElementDiagnostics } from '../../state/problems';
import { GRAPH_TAB, useUi } from '../../state/ui';
import { Icon, KIND_ICON, KIND_LABEL } from '../../ui/icons';
import { deprecate, duplicate } from '../elements/ops';
import { ActionTypeEditor } from './ActionTypeEditor';
import { LinkTypeEditor } from './LinkTypeEditor';
import { ObjectTypeEditor } from './ObjectTypeEditor';
import { InterfaceEditor, SharedPropertyEditor, StructTypeEditor } from './SimpleEditors';
import { ValueTypeEditor } from './ValueTypeEditor';
import { Diags } from './fields';
import { fieldDomId, hasField } from './write';
import { Annotations } from './NamedFields';

export function Editor({ id }: { id: string }): ReactElement {
  const entry = useElement(id);
  const diagnostics = useElementDiagnostics(id);
  const focus = useUi((s) => s.focus);
  const heading = useRef<HTMLHeadingElement>(null);
  const ui = useUi.getState();

  useEffect(() => {
    if (!focus || (focus.id !== id && focus.parentId !== id)) return;
    // After this render has put the field in the DOM.
    const t = setTimeout(() => {
      const target = document.getElementById(fieldDomId({ id: focus.id, parentId: focus.parentId }, focus.field));
      if (target instanceof HTMLElement) {
        target.focus();
        target.scrollIntoView({ block: 'center' });
      } else heading.current?.focus();
    }, 0);
    return () => clearTimeout(t);
  }, [focus, id]);

  if (!entry) {
    return (
      <div className="empty">
        <h2>This element no longer exists</h2>
        <p>It was deleted (here, in another window or by a peer). Undo brings it back if it was you.</p>
        <button type="button" className="btn" onClick={() => ui.closeTab(id)}>Close tab</button>
      </div>
    );
  }
  const v = entry.value as { apiName: string; status: string };
  const path = `${COLLECTION_OF_KIND[entry.kind]}/${id}`;
  const own = diagnostics.filter((d) => d.path === path);
  const body = (() => {
    switch (entry.kind) {
      case 'objectType': return <ObjectTypeEditor id={id} value={entry.value as ObjectType} diagnostics={diagnostics} />;
      case 'linkType': return <LinkTypeEditor id={id} value={entry.value as LinkType} diagnostics={diagnostics} />;
      case 'interface': return <InterfaceEditor id={id} value={entry.value as Interface} diagnostics={diagnostics} />;
      case 'sharedProperty': return <SharedPropertyEditor id={id} value={entry.value as SharedProperty} diagnostics={diagnostics} />;
      case 'valueType': return <ValueTypeEditor id={id} value={entry.value as ValueType} diagnostics={diagnostics} />;
      case 'structType': return <StructTypeEditor id={id} value={entry.value as StructType} diagnostics={diagnostics} />;
      case 'actionType': return <ActionTypeEditor id={id} value={entry.value as ActionType} diagnostics={diagnostics} />;
    }
  })();
  return (
    <article className="editor" aria-label={`${KIND_LABEL[entry.kind].one} ${v.apiName}`}>
      <header className="editor-head">
        <Icon name={KIND_ICON[entry.kind]} size={20} />
        <div>
          <h1 ref={heading} tabIndex={-1}>{v.apiName}</h1>
          <div className="kind">{KIND_LABEL[entry.kind].one}{v.status !== 'active' ? ` · ${v.status}` : ''} · <span className="mono">{id}</span></div>
        </div>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => ui.openDialog({ type: 'rename', id })}>Rename</button>
        <button type="button" className="btn" onClick={() => ui.openTab(duplicate(entry))}><Icon name="copy" /> Duplicate</button>
        <button type="button" className="btn" onClick={() => deprecate(entry, v.status === 'deprecated' ? 'active' : 'deprecated')}>{v.status === 'deprecated' ? 'Reactivate' : 'Deprecate'}</button>
        {(entry.kind === 'objectType' || entry.kind === 'interface') && (
          <button type="button" className="btn" onClick={() => { ui.setGraphFocus({ id }); ui.openTab(GRAPH_TAB); }}><Icon name="graph" /> Graph</button>
        )}
        <button type="button" className="btn danger" onClick={() => ui.openDialog({ type: 'delete', id })}><Icon name="trash" /> Delete</button>
      </header>
      <Diags diagnostics={own} />
      {body}
      {hasField(entry.kind, 'annotations') && (
        <Annotations address={{ id }} value={(entry.value as { annotations?: Record<string, Array<{ value: string; lang?: string }>> }).annotations ?? {}} />
      )}
    </article>
  );
}
