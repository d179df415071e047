/** Link type: both ends, cardinality, how it reads from each side, and the foreign key on the "many" end. */
import type { ReactElement } from 'react';
import { ordered, type LinkType, type ObjectType } from '../../../../core/model';
import type { Diagnostic } from '../../../../core/validate';
import { useElement } from '../../state/hooks';
import { NamedFields } from './NamedFields';
import { Section, SelectField, TextField, forField } from './fields';
import { RefListField, RefSelect } from './pickers';
import { hasField, writeField } from './write';

const CARDINALITIES = [
  { value: 'ONE_TO_ONE', label: 'One to one' },
  { value: 'ONE_TO_MANY', label: 'One to many' },
  { value: 'MANY_TO_ONE', label: 'Many to one' },
  { value: 'MANY_TO_MANY', label: 'Many to many' },
];

export function LinkTypeEditor({ id, value, diagnostics }: { id: string; value: LinkType; diagnostics: readonly Diagnostic[] }): ReactElement {
  const path = `linkTypes/${id}`;
  const address = { id };
  const from = useElement(value.fromObjectTypeId);
  const to = useElement(value.toObjectTypeId);
  // The key lives on the "many" end: from for MANY_TO_ONE, to for ONE_TO_MANY (either for ONE_TO_ONE).
  const fkOwners = value.cardinality === 'MANY_TO_ONE' ? [from] : value.cardinality === 'ONE_TO_MANY' ? [to] : value.cardinality === 'ONE_TO_ONE' ? [from, to] : [];
  const fkOptions = fkOwners.flatMap((o) => (o?.kind === 'objectType' ? ordered((o.value as ObjectType).properties).map(([pid, p]) => ({ value: pid, label: `${(o.value as ObjectType).apiName}.${p.apiName}` })) : []));
  const ext = value as LinkType & { minCardinality?: number; maxCardinality?: number; subPropertyOf?: string[] };
  return (
    <>
      <NamedFields kind="linkType" address={address} value={value} path={path} diagnostics={diagnostics} />
      <Section title="Ends">
        <div className="grid2">
          <RefSelect address={address} field="fromObjectTypeId" kind="objectType" value={value.fromObjectTypeId || undefined} label="From object type" allowNone={null} />
          <RefSelect address={address} field="toObjectTypeId" kind="objectType" value={value.toObjectTypeId || undefined} label="To object type" allowNone={null} />
          <TextField address={address} field="fromDisplayName" label="Name seen from the “from” side" value={value.fromDisplayName} placeholder="e.g. aircraft" />
          <TextField address={address} field="toDisplayName" label="Name seen from the “to” side" value={value.toDisplayName} placeholder="e.g. flights" />
          <SelectField address={address} field="cardinality" label="Cardinality" value={value.cardinality} options={CARDINALITIES} diagnostics={forField(diagnostics, `${path}/cardinality`)} />
          <SelectField address={address} field="foreignKeyPropertyId" label="Foreign key property" value={value.foreignKeyPropertyId} options={fkOptions} allowNone="— none —"
            diagnostics={forField(diagnostics, `${path}/foreignKeyPropertyId`)} />
          {hasField('linkType', 'minCardinality') && (
            <>
              <NumberField id={id} field="minCardinality" label="Minimum count" value={ext.minCardinality} />
              <NumberField id={id} field="maxCardinality" label="Maximum count" value={ext.maxCardinality} />
            </>
          )}
          {hasField('linkType', 'subPropertyOf') && <RefListField address={address} field="subPropertyOf" kind="linkType" label="Specialises (rdfs:subPropertyOf)" value={ext.subPropertyOf} />}
        </div>
      </Section>
    </>
  );
}

function NumberField({ id, field, label, value }: { id: string; field: string; label: string; value: number | undefined }): ReactElement {
  return (
    <div className="field">
      <label htmlFor={`f-${id}-${field}`}>{label}</label>
      <input id={`f-${id}-${field}`} className="input" type="number" min={0} value={value ?? ''}
        onChange={(e) => writeField({ id }, field, e.target.value === '' ? undefined : Math.max(0, Math.trunc(Number(e.target.value))))} />
    </div>
  );
}
