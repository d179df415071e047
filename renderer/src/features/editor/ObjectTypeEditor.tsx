/** Object type: names, keys, interfaces and supertypes, the property table, and the interface fix. */
import type { ReactElement } from 'react';
import { ordered, type ObjectType } from '../../../../core/model';
import type { Diagnostic } from '../../../../core/validate';
import { useIndex } from '../../state/hooks';
import { discrete } from '../../state/session';
import { Icon } from '../../ui/icons';
import { NamedFields } from './NamedFields';
import { PropertyTable } from './PropertyTable';
import { Section, SelectField, TextField, forField } from './fields';
import { addMissingProperties, missingSharedProperties } from './interface-fix';
import { IdSetField, RefListField } from './pickers';
import { hasField } from './write';

export function ObjectTypeEditor({ id, value, diagnostics }: { id: string; value: ObjectType; diagnostics: readonly Diagnostic[] }): ReactElement {
  const index = useIndex();
  const path = `objectTypes/${id}`;
  const address = { id };
  const props = ordered(value.properties).map(([pid, p]) => ({ value: pid, label: p.apiName }));
  const missing = index ? missingSharedProperties(index, value) : [];
  const extra = value as ObjectType & { supertypes?: string[]; equivalentTo?: string[]; disjointWith?: string[] };
  return (
    <>
      <NamedFields kind="objectType" address={address} value={value} path={path} diagnostics={diagnostics} />
      <div className="grid2" style={{ marginTop: 12 }}>
        <TextField address={address} field="pluralDisplayName" label="Plural display name" value={value.pluralDisplayName} />
        <div />
        <SelectField address={address} field="primaryKey" label="Primary key" value={value.primaryKey} options={props} allowNone="— none —"
          diagnostics={forField(diagnostics, `${path}/primaryKey`)} />
        <SelectField address={address} field="titleKey" label="Title key" value={value.titleKey} options={props} allowNone="— none —"
          diagnostics={forField(diagnostics, `${path}/titleKey`)} />
        <IdSetField address={address} field="implements" kind="interface" value={value.implements} label="Implements" />
        {hasField('objectType', 'supertypes') && <IdSetField address={address} field="supertypes" kind="objectType" value={extra.supertypes ?? []} label="Supertypes" exclude={id} />}
        {hasField('objectType', 'equivalentTo') && <RefListField address={address} field="equivalentTo" kind="objectType" value={extra.equivalentTo} label="Equivalent to (owl:equivalentClass)" />}
        {hasField('objectType', 'disjointWith') && <RefListField address={address} field="disjointWith" kind="objectType" value={extra.disjointWith} label="Disjoint with (owl:disjointWith)" />}
      </div>
      {missing.length > 0 && (
        <div className="callout" role="status">
          <Icon name="wrench" />
          <span>Missing {missing.length} propert{missing.length === 1 ? 'y' : 'ies'} its interfaces require: {missing.map((m) => (index?.get(m)?.value as { apiName: string }).apiName).join(', ')}.</span>
          <span style={{ flex: 1 }} />
          <button type="button" className="btn primary" onClick={() => discrete(() => addMissingProperties(id, missing))}>Add missing properties</button>
        </div>
      )}
      <Section title={`Properties (${props.length})`}>
        <PropertyTable typeId={id} properties={value.properties} primaryKey={value.primaryKey} titleKey={value.titleKey} path={path} diagnostics={diagnostics} />
      </Section>
    </>
  );
}
