/** Interface, shared property and struct type editors (the smaller element kinds). */
import type { ReactElement } from 'react';
import { ordered, type Interface, type ObjectType, type SharedProperty, type StructType } from '../../../../core/model';
import { createElement, deleteElement } from '../../../../core/yjs';
import type { Diagnostic } from '../../../../core/validate';
import { useKindList } from '../../state/hooks';
import { discrete, openSession } from '../../state/session';
import { useUi } from '../../state/ui';
import { Icon } from '../../ui/icons';
import { NamedFields } from './NamedFields';
import { CheckField, Diags, Section, SelectField, TextField, forField } from './fields';
import { BaseTypePicker, IdSetField, RefListField, RefSelect } from './pickers';
import { hasField } from './write';
import { uniqueChildName } from './child-names';

const PII = [{ value: 'none', label: 'none' }, { value: 'personal', label: 'personal' }, { value: 'sensitive', label: 'sensitive' }];

export function InterfaceEditor({ id, value, diagnostics }: { id: string; value: Interface; diagnostics: readonly Diagnostic[] }): ReactElement {
  const address = { id };
  const types = useKindList('objectType');
  const implementers = types.filter((t) => (t.value as ObjectType).implements.includes(id));
  const openTab = useUi((s) => s.openTab);
  return (
    <>
      <NamedFields kind="interface" address={address} value={value} path={`interfaces/${id}`} diagnostics={diagnostics} />
      <div className="grid2" style={{ marginTop: 12 }}>
        <IdSetField address={address} field="extends" kind="interface" value={value.extends} label="Extends" exclude={id} />
        <IdSetField address={address} field="properties" kind="sharedProperty" value={value.properties} label="Required shared properties" />
      </div>
      <Section title={`Implemented by (${implementers.length})`}>
        {implementers.length === 0 ? <p className="muted">No object type implements this interface yet. Add it under “Implements” in an object type.</p> : (
          <div className="chips">{implementers.map((t) => <button key={t.id} type="button" className="chip" onClick={() => openTab(t.id)}>{(t.value as ObjectType).apiName}</button>)}</div>
        )}
      </Section>
    </>
  );
}

export function SharedPropertyEditor({ id, value, diagnostics }: { id: string; value: SharedProperty; diagnostics: readonly Diagnostic[] }): ReactElement {
  const address = { id };
  const path = `sharedProperties/${id}`;
  return (
    <>
      <NamedFields kind="sharedProperty" address={address} value={value} path={path} diagnostics={diagnostics} />
      <Section title="Type">
        <div className="grid2">
          <div className="field"><span className="label">Base type</span><BaseTypePicker address={address} value={value.baseType} /></div>
          <RefSelect address={address} field="valueTypeId" kind="valueType" value={value.valueTypeId} label="Value type" />
          <SelectField address={address} field="pii" label="PII" value={value.pii} options={PII} />
          <CheckField address={address} field="required" label="Required" value={value.required} />
          {hasField('sharedProperty', 'subPropertyOf') && (
            <RefListField address={address} field="subPropertyOf" kind="sharedProperty" label="Specialises (rdfs:subPropertyOf)"
              value={(value as SharedProperty & { subPropertyOf?: string[] }).subPropertyOf} />
          )}
        </div>
        <Diags diagnostics={forField(diagnostics, `${path}/baseType`)} />
      </Section>
    </>
  );
}

export function StructTypeEditor({ id, value, diagnostics }: { id: string; value: StructType; diagnostics: readonly Diagnostic[] }): ReactElement {
  const address = { id };
  const path = `structTypes/${id}`;
  const fields = ordered(value.fields);
  const add = (): void => {
    discrete(() => createElement(openSession().doc, { kind: 'structField', parentId: id, value: { apiName: uniqueChildName(fields.map(([, f]) => f.apiName), 'field'), baseType: { type: 'string' }, order: 'V' } }));
  };
  return (
    <>
      <NamedFields kind="structType" address={address} value={value} path={path} diagnostics={diagnostics} />
      <Section title={`Fields (${fields.length})`} actions={<button type="button" className="btn" onClick={add}><Icon name="plus" /> Add field</button>}>
        {fields.length === 0 ? <p className="muted">No fields yet: a struct needs at least one.</p> : (
          <table className="table" aria-label="Fields">
            <thead><tr><th>API name</th><th>Display name</th><th>Base type</th><th>Required</th><th /></tr></thead>
            <tbody>
              {fields.map(([fid, f]) => {
                const a = { id: fid, parentId: id };
                return (
                  <tr key={fid}>
                    <td><TextField address={a} field="apiName" label={`API name of field ${f.apiName}`} hideLabel mono value={f.apiName} diagnostics={forField(diagnostics, `${path}/fields/${fid}/apiName`)} /></td>
                    <td><TextField address={a} field="displayName" label={`Display name of field ${f.apiName}`} hideLabel value={f.displayName} /></td>
                    <td><BaseTypePicker address={a} value={f.baseType} label={`Base type of field ${f.apiName}`} /></td>
                    <td><CheckField address={a} field="required" label="" value={f.required} /></td>
                    <td><button type="button" className="btn ghost icon" aria-label={`Delete field ${f.apiName}`} onClick={() => discrete(() => deleteElement(openSession().doc, a))}><Icon name="trash" /></button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
