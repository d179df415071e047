/**
 * Element ids derived from IRIs, so importing the same ontology twice (or re-importing our own
 * export through its OWL view) yields the same ids, and merges across imports line up.
 */
import { idFromString } from '../model';

export const objectTypeIdFor = (cls: string): string => idFromString(`objectType|${cls}`);
export const interfaceIdFor = (cls: string): string => idFromString(`interface|${cls}`);
export const valueTypeIdFor = (iriValue: string): string => idFromString(`valueType|${iriValue}`);
export const sharedPropertyIdFor = (prop: string): string => idFromString(`sharedProperty|${prop}`);
export const propertyIdFor = (cls: string, prop: string): string => idFromString(`property|${cls}|${prop}`);
/** The synthesised primary key of an imported class; export recognises it by this id and leaves it out of the OWL view. */
export const keyPropertyIdFor = (cls: string): string => idFromString(`key|${cls}`);
export const linkTypeIdFor = (prop: string, from: string, to: string): string => idFromString(`linkType|${prop}|${from}|${to}`);

/** Base IRI for an ontology that has none (a native OMS one, or an import without owl:Ontology). */
export const mintedBaseIri = (name: string): string => `urn:oms:${encodeURIComponent(name.replace(/\s+/g, '-').toLowerCase())}`;
