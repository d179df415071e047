/** Action type: parameters (with object pickers) and rules (create/modify/delete objects, create/delete links). */
import { useState, type ReactElement } from 'react';
import { ordered, type ActionRule, type ActionType, type ObjectType } from '../../../../core/model';
import { createElement, deleteElement } from '../../../../core/yjs';
import type { Diagnostic } from '../../../../core/validate';
import { useElement, useKindList } from '../../state/hooks';
import { discrete, openSession } from '../../state/session';
import { Icon } from '../../ui/icons';
import { NamedFields } from './NamedFields';
import { CheckField, Diags, Section, TextField, forField } from './fields';
import { BaseTypePicker, RefSelect } from './pickers';
import { uniqueChildName } from './child-names';
import { writeField } from './write';

const RULE_KINDS = ['createObject', 'modifyObject', 'deleteObject', 'createLink', 'deleteLink'] as const;
type RuleKind = (typeof RULE_KINDS)[number];

export function ActionTypeEditor({ id, value, diagnostics }: { id: string; value: ActionType; diagnostics: readonly Diagnostic[] }): ReactElement {
  const address = { id };
  const path = `actionTypes/${id}`;
  const params = ordered(value.parameters);
  const rules = ordered(value.rules);
  const types = useKindList('objectType');
  const links = useKindList('linkType');
  const [ruleKind, setRuleKind] = useState<RuleKind>('createObject');
  const doc = () => openSession().doc;
  const addParam = (): void => {
    discrete(() => createElement(doc(), { kind: 'actionParameter', parentId: id, value: { apiName: uniqueChildName(params.map(([, p]) => p.apiName), 'parameter'), baseType: { type: 'string' }, order: 'V' } }));
  };
  const addRule = (): void => {
    const target = ruleKind.endsWith('Link') ? { linkTypeId: links[0]?.id ?? '' } : { objectTypeId: types[0]?.id ?? '' };
    const values = ruleKind === 'createObject' || ruleKind === 'modifyObject' ? { values: {} } : {};
    discrete(() => createElement(doc(), { kind: 'actionRule', parentId: id, value: { kind: ruleKind, order: 'V', ...target, ...values } }));
  };
  return (
    <>
      <NamedFields kind="actionType" address={address} value={value} path={path} diagnostics={diagnostics} />
      <Section title={`Parameters (${params.length})`} actions={<button type="button" className="btn" onClick={addParam}><Icon name="plus" /> Add parameter</button>}>
        {params.length === 0 ? <p className="muted">No parameters: the action takes no input.</p> : (
          <table className="table" aria-label="Parameters">
            <thead><tr><th>API name</th><th>Base type</th><th>Picks an object of</th><th>Required</th><th /></tr></thead>
            <tbody>
              {params.map(([pid, p]) => {
                const a = { id: pid, parentId: id };
                return (
                  <tr key={pid}>
                    <td><TextField address={a} field="apiName" label={`API name of parameter ${p.apiName}`} hideLabel mono value={p.apiName} diagnostics={forField(diagnostics, `${path}/parameters/${pid}/apiName`)} /></td>
                    <td><BaseTypePicker address={a} value={p.baseType} label={`Base type of parameter ${p.apiName}`} /></td>
                    <td><RefSelect address={a} field="objectTypeId" kind="objectType" value={p.objectTypeId} label={`Object type of parameter ${p.apiName}`} hideLabel /></td>
                    <td><CheckField address={a} field="required" label="" value={p.required} /></td>
                    <td><button type="button" className="btn ghost icon" aria-label={`Delete parameter ${p.apiName}`} onClick={() => discrete(() => deleteElement(doc(), a))}><Icon name="trash" /></button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={`Rules (${rules.length})`} actions={
        <span style={{ display: 'inline-flex', gap: 6 }}>
          <select className="select" aria-label="Kind of the new rule" value={ruleKind} onChange={(e) => setRuleKind(e.target.value as RuleKind)} style={{ width: 'auto' }}>
            {RULE_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
          <button type="button" className="btn" onClick={addRule}><Icon name="plus" /> Add rule</button>
        </span>
      }>
        {rules.length === 0 ? <p className="muted">No rules: applying this action changes nothing yet.</p> : rules.map(([rid, r], i) => (
          <RuleRow key={rid} actionId={id} ruleId={rid} rule={r} n={i + 1} params={params.map(([pid, p]) => ({ value: pid, label: p.apiName }))}
            diagnostics={diagnostics.filter((d) => d.path.startsWith(`${path}/rules/${rid}`))} />
        ))}
      </Section>
    </>
  );
}

function RuleRow({ actionId, ruleId, rule, n, params, diagnostics }: {
  actionId: string; ruleId: string; rule: ActionRule; n: number; params: Array<{ value: string; label: string }>; diagnostics: Diagnostic[];
}): ReactElement {
  const a = { id: ruleId, parentId: actionId };
  const target = useElement('objectTypeId' in rule ? rule.objectTypeId : undefined);
  const props = target?.kind === 'objectType' ? ordered((target.value as ObjectType).properties) : [];
  return (
    <div style={{ border: '1px solid var(--border)', borderRadius: 6, padding: 10, marginBottom: 8 }} role="group" aria-label={`Rule ${n}: ${rule.kind}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <strong className="mono">{n}. {rule.kind}</strong>
        {'objectTypeId' in rule && <RefSelect address={a} field="objectTypeId" kind="objectType" value={rule.objectTypeId} label={`Object type of rule ${n}`} hideLabel allowNone={null} />}
        {'linkTypeId' in rule && <RefSelect address={a} field="linkTypeId" kind="linkType" value={rule.linkTypeId} label={`Link type of rule ${n}`} hideLabel allowNone={null} />}
        {(rule.kind === 'modifyObject' || rule.kind === 'deleteObject') && (
          <select className="select" style={{ width: 'auto' }} aria-label={`Object parameter of rule ${n}`} value={rule.objectParameterId ?? ''}
            onChange={(e) => writeField(a, 'objectParameterId', e.target.value || undefined)}>
            <option value="">— which object? —</option>
            {params.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
          </select>
        )}
        <span style={{ flex: 1 }} />
        <button type="button" className="btn ghost icon" aria-label={`Delete rule ${n}`} onClick={() => discrete(() => deleteElement(openSession().doc, a))}><Icon name="trash" /></button>
      </div>
      {'values' in rule && props.length > 0 && (
        <table className="table" style={{ marginTop: 6 }} aria-label={`Values of rule ${n}`}>
          <thead><tr><th>Property</th><th>Set from parameter</th></tr></thead>
          <tbody>
            {props.map(([pid, p]) => (
              <tr key={pid}>
                <td className="mono">{p.apiName}</td>
                <td>
                  <select className="select" aria-label={`Parameter for ${p.apiName} in rule ${n}`} value={rule.values[pid] ?? ''}
                    onChange={(e) => {
                      const values = { ...rule.values };
                      if (e.target.value) values[pid] = e.target.value;
                      else delete values[pid];
                      writeField(a, 'values', values);
                    }}>
                    <option value="">— not set —</option>
                    {params.map((x) => <option key={x.value} value={x.value}>{x.label}</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Diags diagnostics={diagnostics} />
    </div>
  );
}
