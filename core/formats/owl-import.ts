/**
 * OWL / RDFS (and schema.org's RDFS dialect) → OMS ontology, by fixed, documented rules:
 *
 * - owl:Class / rdfs:Class → object type, except datatype classes (schema:DataType and its
 *   subclasses, rdfs:Datatype) which become base types, and enumerations (owl:oneOf, or
 *   subclasses of schema:Enumeration) which become value types with an `enum` constraint.
 * - A property whose range is literal (XSD, rdfs:Literal, a datatype class, an enumeration)
 *   → a property on each object type of its domain (rdfs:domain, schema:domainIncludes, owl:unionOf).
 * - A property whose range is an object type → one link type per (domain, range) pair;
 *   owl:FunctionalProperty → MANY_TO_ONE, InverseFunctional → ONE_TO_MANY, both → ONE_TO_ONE.
 * - rdfs:subClassOf between object classes → `supertypes` (acyclic; one primary-key root per
 *   type): subtypes inherit properties, interfaces and the key; a property is declared once, on
 *   the highest class that has it.
 * - Interfaces: a class that has subclasses AND carries literal properties of its own also becomes
 *   an interface (apiName + "Interface") listing those properties as shared properties; it
 *   implements it, its subtypes inherit it; interface `extends` follows the interface ancestors.
 * - owl:Restriction subclass axioms (some/only/min/max/exact, qualified) → link types on the
 *   subclass named by the property, with min/max cardinality; owl:inverseOf pairs → one link type.
 * - rdfs:subPropertyOf, owl:equivalentClass, owl:disjointWith → subPropertyOf/equivalentTo/disjointWith.
 * - Root object types get a synthesised `id` string property as their primary key (OWL has none).
 * - Labels/comments pick the first match of the language preference list, then untagged text.
 * - owl:deprecated true or schema:supersededBy → status deprecated.
 * What the model does not carry after that is kept as annotations or verbatim (owl-unmodelled.ts).
 */
import { ModelError } from '../errors';
import {
  canonicalize, idFromString, initialOrderKeys, parseOntology, type Cardinality, type Constraints, type LinkType, type Ontology, type PrimitiveTypeName, type Property,
} from '../model';
import { DATATYPE_TO_BASE, isNumeric, unifyBaseTypes } from './datatypes';
import { ReportBuilder, type ImportReport } from './import-report';
import {
  interfaceIdFor, keyPropertyIdFor, linkTypeIdFor, mintedBaseIri, objectTypeIdFor, propertyIdFor, sharedPropertyIdFor, valueTypeIdFor,
} from './iri-ids';
import { camelFromIri, NameScope, pascalFromIri } from './names';
import { applyRecords, takeRecords } from './oms-records';
import {
  COMMENT_PREDICATES, LABEL_PREDICATES, META_CLASS_TYPE, META_LANG, META_PROPERTY_TYPE, RESTRICTION_DEFAULT_DATATYPE, WRITER_PREFIXES,
} from './owl-view';
import { keepUnmodelled } from './owl-unmodelled';
import { curie, localName, nodeKey, NS, RDF_TYPE, type Term, type Triple } from './rdf';
import { RdfGraph } from './rdf-graph';
import { OWL_CLASS, OWL_DATATYPE_PROPERTY, OWL_DEPRECATED, OWL_DISJOINT_WITH, OWL_EQUIVALENT_CLASS, OWL_FUNCTIONAL_PROPERTY, OWL_INVERSE_FUNCTIONAL_PROPERTY, OWL_INVERSE_OF, OWL_OBJECT_PROPERTY, OWL_ONE_OF, OWL_ONTOLOGY, OWL_ON_CLASS, OWL_ON_DATATYPE, OWL_ON_PROPERTY, OWL_RESTRICTION, OWL_WITH_RESTRICTIONS, RDFS_CLASS, RDFS_DATATYPE, RDFS_DOMAIN, RDFS_RANGE, RDFS_SUB_CLASS_OF, RDFS_SUB_PROPERTY_OF, RDF_PROPERTY, SCHEMA_DOMAIN_INCLUDES, SCHEMA_RANGE_INCLUDES } from './owl-iris';

export interface OwlImportOptions {
  /** Name of the source format, for the report. */
  format: string;
  /** Language preference for labels and comments, best first. Default ['en']. */
  lang?: readonly string[];
  /** Ontology name when the source has no owl:Ontology label. */
  name?: string;
  /** Prefixes declared by the source (kept in `meta` so export writes the same ones). */
  prefixes?: Readonly<Record<string, string>>;
  baseIri?: string;
}

export interface ImportResult {
  ontology: Ontology;
  report: ImportReport;
}

const { rdf, rdfs, owl, schema } = NS;
const DCT = 'http://purl.org/dc/terms/';

// Predicate and class IRIs as module constants: a template evaluated per call builds a new string, which every map lookup then hashes afresh.
const DCT_TITLE = `${DCT}title`;
const OWL_ALL_VALUES_FROM = `${owl}allValuesFrom`;
const OWL_ANNOTATION_PROPERTY = `${owl}AnnotationProperty`;
const OWL_ASYMMETRIC_PROPERTY = `${owl}AsymmetricProperty`;
const OWL_CARDINALITY = `${owl}cardinality`;
const OWL_IRREFLEXIVE_PROPERTY = `${owl}IrreflexiveProperty`;
const OWL_MAX_CARDINALITY = `${owl}maxCardinality`;
const OWL_MAX_QUALIFIED_CARDINALITY = `${owl}maxQualifiedCardinality`;
const OWL_MIN_CARDINALITY = `${owl}minCardinality`;
const OWL_MIN_QUALIFIED_CARDINALITY = `${owl}minQualifiedCardinality`;
const OWL_QUALIFIED_CARDINALITY = `${owl}qualifiedCardinality`;
const OWL_REFLEXIVE_PROPERTY = `${owl}ReflexiveProperty`;
const OWL_SOME_VALUES_FROM = `${owl}someValuesFrom`;
const OWL_SYMMETRIC_PROPERTY = `${owl}SymmetricProperty`;
const OWL_TRANSITIVE_PROPERTY = `${owl}TransitiveProperty`;
const OWL_UNION_OF = `${owl}unionOf`;
const SCHEMA_DATA_TYPE = `${schema}DataType`;
const SCHEMA_ENUMERATION = `${schema}Enumeration`;
const SCHEMA_SUPERSEDED_BY = `${schema}supersededBy`;
const XSD_MAX_INCLUSIVE = `${NS.xsd}maxInclusive`;
const XSD_MAX_LENGTH = `${NS.xsd}maxLength`;
const XSD_MIN_INCLUSIVE = `${NS.xsd}minInclusive`;
const XSD_MIN_LENGTH = `${NS.xsd}minLength`;
const XSD_PATTERN = `${NS.xsd}pattern`;
const SUBCLASS = RDFS_SUB_CLASS_OF;
const DOMAINS = [RDFS_DOMAIN, SCHEMA_DOMAIN_INCLUDES];
const RANGES = [RDFS_RANGE, SCHEMA_RANGE_INCLUDES];
const BUILTIN_NS = [rdf, rdfs, owl, NS.xsd];
const PROPERTY_TYPES = [
  RDF_PROPERTY, OWL_DATATYPE_PROPERTY, OWL_OBJECT_PROPERTY, OWL_FUNCTIONAL_PROPERTY,
  OWL_INVERSE_FUNCTIONAL_PROPERTY, OWL_TRANSITIVE_PROPERTY, OWL_SYMMETRIC_PROPERTY, OWL_ASYMMETRIC_PROPERTY,
  OWL_REFLEXIVE_PROPERTY, OWL_IRREFLEXIVE_PROPERTY, OWL_ANNOTATION_PROPERTY,
];
const FACETS: Record<string, 'min' | 'max' | 'regex' | 'minLength' | 'maxLength'> = {
  [XSD_MIN_INCLUSIVE]: 'min', [XSD_MAX_INCLUSIVE]: 'max', [XSD_PATTERN]: 'regex',
  [XSD_MIN_LENGTH]: 'minLength', [XSD_MAX_LENGTH]: 'maxLength',
};

/** Enum values travel as IRI local names; our export percent-encodes what IRIs cannot hold. */
function decodeLocal(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
const TITLE_NAMES = ['name', 'title', 'label', 'prefLabel'];
const isBuiltin = (i: string): boolean => BUILTIN_NS.some((ns) => i.startsWith(ns));
/** Code unit order; a plain string array sorts the same way with `.sort()`, which needs no JS comparator call per step (faster on 10⁵ IRIs). */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Maps the OWL view, keeps what the mapping does not model (owl-unmodelled.ts), then applies any
 * oms records our own exports carry (see oms-records.ts).
 */
export function importRdf(triples: readonly Triple[], options: OwlImportOptions): ImportResult {
  return importRdfGraph(new RdfGraph(triples), options);
}

/**
 * importRdf on statements already in a graph (a parser streams them in: no list of triples is
 * held). The graph is the import's own: its oms records are moved out and its statements marked.
 */
export function importRdfGraph(graph: RdfGraph, options: OwlImportOptions): ImportResult {
  const records = takeRecords(graph);
  const mapper = new OwlMapper(graph, options);
  const mapped = mapper.run((o, report) => keepUnmodelled(graph, o, report, { ...WRITER_PREFIXES, ...(options.prefixes ?? {}) }));
  if (!records) return mapped;
  const { ontology, applied, removed } = applyRecords(records.graph, mapped.ontology);
  const report: ImportReport = { ...mapped.report, mode: 'oms', triples: mapped.report.triples + records.added };
  report.mapped = {
    ...report.mapped,
    'oms records: elements restored exactly': { count: applied, examples: [] },
    'oms records: view elements removed': { count: removed, examples: [] },
  };
  return { ontology, report };
}

interface DataRange {
  base: PrimitiveTypeName;
  valueTypeId?: string;
}

/** A subclass axiom `cls ⊑ [ owl:onProperty prop; <quantifier> … ]` that becomes a link type. */
interface RestrictionInfo {
  cls: string;
  prop: string;
  quantifier: 'some' | 'only' | 'min' | 'max' | 'exactly';
  n?: number;
  datatype?: string;
  to: string;
  qualified: boolean;
}

const QUANTIFIERS: Record<string, { quantifier: RestrictionInfo['quantifier']; qualified: boolean; counted: boolean }> = {
  [OWL_SOME_VALUES_FROM]: { quantifier: 'some', qualified: false, counted: false },
  [OWL_ALL_VALUES_FROM]: { quantifier: 'only', qualified: false, counted: false },
  [OWL_MIN_CARDINALITY]: { quantifier: 'min', qualified: false, counted: true },
  [OWL_MAX_CARDINALITY]: { quantifier: 'max', qualified: false, counted: true },
  [OWL_CARDINALITY]: { quantifier: 'exactly', qualified: false, counted: true },
  [OWL_MIN_QUALIFIED_CARDINALITY]: { quantifier: 'min', qualified: true, counted: true },
  [OWL_MAX_QUALIFIED_CARDINALITY]: { quantifier: 'max', qualified: true, counted: true },
  [OWL_QUALIFIED_CARDINALITY]: { quantifier: 'exactly', qualified: true, counted: true },
};

/** What every element made from a resource shows of it (assemble reads each resource once). */
interface Described {
  label: string;
  comment: string;
  status: 'active' | 'deprecated';
}

interface PropInfo {
  iri: string;
  owners: string[];
  literal: DataRange[];
  classes: string[];
  functional: boolean;
  inverseFunctional: boolean;
}

class OwlMapper {
  private readonly report: ReportBuilder;
  private readonly langs: readonly string[];
  private readonly prefixes: Record<string, string>;
  private readonly classes = new Set<string>();
  private readonly datatypeBase = new Map<string, PrimitiveTypeName>();
  private readonly enums = new Map<string, { base: PrimitiveTypeName; values: Array<string | number> }>();
  private readonly restricted = new Map<string, { base: PrimitiveTypeName; constraints: Constraints }>();
  private readonly objectClasses = new Set<string>();
  private readonly supers = new Map<string, string[]>();

  constructor(private readonly g: RdfGraph, private readonly options: OwlImportOptions) {
    this.report = new ReportBuilder(options.format, g.size, 'owl');
    this.langs = options.lang && options.lang.length ? options.lang.map((l) => l.toLowerCase()) : ['en'];
    this.prefixes = { ...WRITER_PREFIXES, ...(options.prefixes ?? {}) };
  }

  private c(i: string): string {
    return curie(i, this.prefixes);
  }

  private readonly restrictions: RestrictionInfo[] = [];
  private readonly restrictionKeys = new Map<string, RestrictionInfo>();

  /** `finish` runs on the assembled ontology before the report closes (the unmodelled pass). */
  run(finish: (o: Ontology, report: ReportBuilder) => Ontology = (o) => canonicalize(o)): ImportResult {
    const g = this.g;
    this.collectClasses();
    this.collectDatatypes();
    this.collectEnumerations();
    for (const cls of this.classes) {
      if (!this.datatypeBase.has(cls) && !this.enums.has(cls) && !this.restricted.has(cls)) this.objectClasses.add(cls);
    }
    for (const cls of this.objectClasses) {
      const sup: string[] = [];
      for (const t of g.objects(cls, SUBCLASS)) {
        if (t.t === 'iri' && t.v === cls) this.report.unmapped('rdfs:subClassOf itself (trivially true)', this.c(cls));
        else if (t.t === 'iri' && this.objectClasses.has(t.v)) sup.push(t.v);
        else if (t.t === 'blank' && this.readRestriction(cls, t)) continue;
        else this.report.unmapped(t.t === 'blank' ? 'rdfs:subClassOf an anonymous class expression (restriction, union, …)' : 'rdfs:subClassOf a class that is not an object type', `${this.c(cls)} ⊑ ${t.t === 'iri' ? this.c(t.v) : '[]'}`);
      }
      this.supers.set(cls, sup.length > 1 ? sup.sort() : sup); // one supertype (most classes): no call into sort
    }
    const props = this.collectProperties();
    const ontology = finish(this.assemble(props), this.report);
    return { ontology, report: this.report.finish() };
  }

  /** A restriction with one property and one quantifier on a named object class (or P's one object range). */
  private readRestriction(cls: string, node: Term): boolean {
    const g = this.g;
    const key = nodeKey(node);
    let prop: string | undefined;
    let found: { quantifier: RestrictionInfo['quantifier']; qualified: boolean; counted: boolean; object: Term } | undefined;
    let onClass: string | undefined;
    for (const p of g.predicates(key)) {
      const objects = g.objects(key, p, true);
      if (objects.length !== 1) return false;
      const o = objects[0] as Term;
      if (p === RDF_TYPE) {
        if (o.t !== 'iri' || o.v !== OWL_RESTRICTION) return false;
      } else if (p === OWL_ON_PROPERTY) {
        if (o.t !== 'iri') return false;
        prop = o.v;
      } else if (p === OWL_ON_CLASS) {
        if (o.t !== 'iri') return false;
        onClass = o.v;
      } else {
        const q = QUANTIFIERS[p];
        if (!q || found) return false;
        found = { ...q, object: o };
      }
    }
    if (!prop || !found || found.qualified !== (onClass !== undefined)) return false;
    let to: string | undefined;
    let n: number | undefined;
    let datatype: string | undefined;
    if (found.counted) {
      const o = found.object;
      if (o.t !== 'literal' || !/^\d{1,9}$/.test(o.v)) return false;
      n = Number(o.v);
      if (o.dt !== RESTRICTION_DEFAULT_DATATYPE) datatype = o.dt;
      to = onClass ?? this.singleObjectRange(prop);
    } else if (found.object.t === 'iri') to = found.object.v;
    if (!to || !this.objectClasses.has(to)) return false;
    // The same restriction stated twice (two blank nodes, e.g. from merged files) is one link type, not an id collision.
    const same = `${cls}|${prop}|${found.quantifier}|${n ?? ''}|${to}`;
    const twin = this.restrictionKeys.get(same);
    if (twin && twin.qualified === found.qualified && twin.datatype === datatype) return true;
    const info: RestrictionInfo = { cls, prop, quantifier: found.quantifier, to, qualified: found.qualified, ...(n === undefined ? {} : { n }), ...(datatype ? { datatype } : {}) };
    this.restrictionKeys.set(same, info);
    this.restrictions.push(info);
    return true;
  }

  /** The one named object class among a property's declared ranges (an unqualified cardinality counts those). */
  private singleObjectRange(prop: string): string | undefined {
    const classes = RANGES.flatMap((p) => this.g.objects(prop, p, true)).flatMap((t) => (t.t === 'iri' && this.objectClasses.has(t.v) ? [t.v] : []));
    return new Set(classes).size === 1 ? classes[0] : undefined;
  }

  private collectClasses(): void {
    const g = this.g;
    for (const type of [OWL_CLASS, RDFS_CLASS]) {
      for (const key of g.ofType(type)) {
        const term = g.term(key) as Term;
        if (term.t === 'blank') continue; // anonymous class expressions are consumed where they are used
        if (isBuiltin(key)) {
          this.report.unmapped('built-in RDF/OWL class (not modelled)', this.c(key));
          g.use(key, RDF_TYPE);
          continue;
        }
        this.classes.add(key);
        g.use(key, RDF_TYPE);
      }
    }
  }

  /** schema:DataType instances, rdfs:Datatype resources and their subclasses are literal types, not object types. */
  private collectDatatypes(): void {
    const g = this.g;
    const seeds = new Set([...g.ofType(SCHEMA_DATA_TYPE), ...g.ofType(RDFS_DATATYPE)]);
    for (const key of seeds) {
      if (g.term(key)?.t !== 'iri') continue;
      g.use(key, RDF_TYPE);
      if (this.collectRestriction(key) || this.collectLiteralEnum(key)) continue;
      this.datatypeBase.set(key, DATATYPE_TO_BASE[key] ?? 'string');
    }
    // Subclasses of datatypes (schema:URL ⊑ schema:Text, schema:Integer ⊑ schema:Number) are datatypes too.
    let changed = true;
    while (changed) {
      changed = false;
      for (const cls of this.classes) {
        if (this.datatypeBase.has(cls)) continue;
        const sup = g.objects(cls, SUBCLASS, true).find((t) => t.t === 'iri' && this.datatypeBase.has(t.v));
        if (sup) {
          this.datatypeBase.set(cls, DATATYPE_TO_BASE[cls] ?? (this.datatypeBase.get(sup.v) as PrimitiveTypeName));
          changed = true;
        }
      }
    }
    for (const [dt] of this.datatypeBase) {
      this.report.mapped(this.classes.has(dt) ? 'datatype class → base type' : 'rdfs:Datatype → base type', this.c(dt));
      this.useDescriptive(dt);
      g.use(dt, SUBCLASS);
    }
  }

  private collectRestriction(key: string): boolean {
    const g = this.g;
    const onDt = g.objects(key, OWL_ON_DATATYPE, true)[0];
    const withR = g.objects(key, OWL_WITH_RESTRICTIONS, true)[0];
    if (!onDt || onDt.t !== 'iri' || !withR) return false;
    g.use(key, OWL_ON_DATATYPE);
    g.use(key, OWL_WITH_RESTRICTIONS);
    const constraints: Constraints = {};
    for (const facet of g.list(withR) ?? []) {
      const fk = nodeKey(facet);
      for (const [p, field] of Object.entries(FACETS)) {
        const v = g.objects(fk, p)[0];
        if (!v || v.t !== 'literal') continue;
        if (field === 'regex') constraints.regex = v.v;
        else if (Number.isFinite(Number(v.v))) constraints[field] = Number(v.v);
      }
    }
    this.restricted.set(key, { base: DATATYPE_TO_BASE[onDt.v] ?? 'string', constraints });
    this.report.mapped('rdfs:Datatype with facets → value type', this.c(key));
    return true;
  }

  private collectLiteralEnum(key: string): boolean {
    const g = this.g;
    const head = this.oneOfHead(key);
    if (!head) return false;
    const items = g.list(head) ?? [];
    const lits = items.filter((t): t is Extract<Term, { t: 'literal' }> => t.t === 'literal');
    const base = unifyBaseTypes(lits.map((l) => DATATYPE_TO_BASE[l.dt] ?? 'string'));
    const values = lits.map((l) => (isNumeric(base) && Number.isFinite(Number(l.v)) ? Number(l.v) : l.v));
    this.enums.set(key, { base, values });
    this.report.mapped('owl:oneOf (literals) → value type enum', this.c(key));
    return true;
  }

  /** owl:oneOf directly or through owl:equivalentClass [ owl:oneOf (…) ]. */
  private oneOfHead(key: string): Term | undefined {
    const g = this.g;
    const direct = g.objects(key, OWL_ONE_OF)[0];
    if (direct) return direct;
    for (const eq of g.objects(key, OWL_EQUIVALENT_CLASS, true)) {
      if (eq.t !== 'blank') continue;
      const inner = g.objects(nodeKey(eq), OWL_ONE_OF)[0];
      if (inner) {
        g.use(key, OWL_EQUIVALENT_CLASS);
        g.use(nodeKey(eq), RDF_TYPE);
        return inner;
      }
    }
    return undefined;
  }

  private collectEnumerations(): void {
    const g = this.g;
    const enumRoot = SCHEMA_ENUMERATION;
    // Memoised across classes: walking every class's ancestors afresh is quadratic on deep hierarchies.
    const memo = new Map<string, boolean>();
    const isSchemaEnum = (cls: string): boolean => {
      const known = memo.get(cls);
      if (known !== undefined) return known;
      memo.set(cls, false); // a subClassOf cycle ends here
      const yes = g.objects(cls, SUBCLASS, true).some((t) => t.t === 'iri' && (t.v === enumRoot || isSchemaEnum(t.v)));
      memo.set(cls, yes);
      return yes;
    };
    for (const cls of this.classes) {
      if (this.datatypeBase.has(cls) || this.enums.has(cls)) continue;
      const head = this.oneOfHead(cls);
      let members: string[];
      if (head) {
        members = (g.list(head) ?? []).flatMap((t) => (t.t === 'iri' ? [t.v] : []));
        this.report.mapped('owl:oneOf class → value type enum', this.c(cls));
      } else if (isSchemaEnum(cls)) {
        members = g.ofType(cls).filter((m) => g.term(m)?.t === 'iri');
        g.use(cls, SUBCLASS);
        this.report.mapped('schema:Enumeration subclass → value type enum', this.c(cls));
      } else continue;
      for (const m of members) {
        g.use(m, RDF_TYPE);
        this.useDescriptive(m);
        this.report.mapped('enumeration member → enum value', this.c(m));
      }
      // schema.org keeps some enumerations abstract (members only on subclasses): no enum then, said so.
      if (members.length === 0) this.report.unmapped('enumeration without members (value type without enum)', this.c(cls));
      this.enums.set(cls, { base: 'string', values: members.map((m) => decodeLocal(localName(m))) });
    }
  }

  /** Consumes label/comment/status triples of a resource we map without keeping its texts. */
  private useDescriptive(key: string): void {
    for (const p of [...LABEL_PREDICATES, ...COMMENT_PREDICATES, OWL_DEPRECATED, SCHEMA_SUPERSEDED_BY]) this.g.use(key, p);
  }

  /** Language tags of the labels picked for displayNames, counted: the most common one becomes meta rdf:lang. */
  private readonly labelLangs = new Map<string, number>();

  /**
   * The text in the preferred language; ties go to the earlier predicate, then the smaller text,
   * so the pick does not depend on statement order (a re-export orders them differently).
   */
  private text(key: string, preds: readonly string[], max: number, countLang = false): string {
    const lits: Array<Extract<Term, { t: 'literal' }>> = [];
    for (const p of preds) {
      const objects = this.g.objects(key, p);
      if (objects.length === 0) continue; // most of the predicates asked for are absent: no filtered copy then
      if (objects.length === 1) {
        const only = objects[0] as Term;
        if (only.t === 'literal') lits.push(only);
        continue;
      }
      const here = objects.filter((t): t is Extract<Term, { t: 'literal' }> => t.t === 'literal');
      lits.push(...here.sort((a, b) => byCodeUnit(a.v, b.v) || byCodeUnit(a.lang, b.lang)));
    }
    if (lits.length === 0) return '';
    // One text (a class's one label or definition, the common case) is the pick whatever its language.
    let pick: Extract<Term, { t: 'literal' }> | undefined = lits.length === 1 ? lits[0] : undefined;
    if (!pick) for (const l of this.langs) {
      pick = lits.find((t) => t.lang.toLowerCase() === l) ?? lits.find((t) => t.lang.toLowerCase().startsWith(`${l}-`));
      if (pick) break;
    }
    pick ??= lits.find((t) => t.lang === '') ?? [...lits].sort((a, b) => byCodeUnit(a.lang, b.lang))[0];
    if (countLang && pick) this.labelLangs.set(pick.lang, (this.labelLangs.get(pick.lang) ?? 0) + 1);
    const others = lits.length === 1 ? 0 : lits.filter((t) => t !== pick && t.lang !== pick?.lang).length;
    if (others) this.report.unmapped('label/comment in a non-preferred language (one language kept)', this.c(key), others);
    const value = (pick as Extract<Term, { t: 'literal' }>).v.trim();
    if (value.length > max) {
      this.report.unmapped(`text longer than ${max} characters (truncated)`, this.c(key));
      return value.slice(0, max);
    }
    return value;
  }

  private status(key: string): 'active' | 'deprecated' {
    const dep = this.g.objects(key, OWL_DEPRECATED).some((t) => t.t === 'literal' && (t.v === 'true' || t.v === '1'));
    const superseded = this.g.objects(key, SCHEMA_SUPERSEDED_BY).length > 0;
    if (dep || superseded) this.report.mapped('owl:deprecated / schema:supersededBy → status deprecated', this.c(key));
    return dep || superseded ? 'deprecated' : 'active';
  }

  private expandClassTerms(prop: string, preds: readonly string[], what: string): string[] {
    const out: string[] = [];
    for (const p of preds) {
      for (const t of this.g.objects(prop, p)) {
        if (t.t === 'iri') out.push(t.v);
        else if (t.t === 'blank') {
          const union = this.g.objects(nodeKey(t), OWL_UNION_OF)[0];
          const items = union ? this.g.list(union) : undefined;
          if (items) {
            this.g.use(nodeKey(t), RDF_TYPE);
            for (const i of items) if (i.t === 'iri') out.push(i.v);
          } else this.report.unmapped(`${what} is an anonymous class expression other than owl:unionOf`, this.c(prop));
        }
      }
    }
    return [...new Set(out)].sort();
  }

  private collectProperties(): Map<string, PropInfo> {
    const g = this.g;
    const keys = new Set<string>();
    for (const type of PROPERTY_TYPES) for (const k of g.ofType(type)) if (g.term(k)?.t === 'iri') keys.add(k);
    const out = new Map<string, PropInfo>();
    for (const key of [...keys].sort()) {
      const types = new Set(g.typesOf(key));
      g.use(key, RDF_TYPE);
      if (isBuiltin(key)) {
        this.report.unmapped('built-in RDF/OWL property (not modelled)', this.c(key));
        continue;
      }
      if (types.has(OWL_ANNOTATION_PROPERTY) && types.size === 1) {
        this.report.unmapped('owl:AnnotationProperty (annotations are not modelled)', this.c(key));
        continue;
      }
      const isObject = types.has(OWL_OBJECT_PROPERTY) || types.has(OWL_INVERSE_FUNCTIONAL_PROPERTY) || types.has(OWL_TRANSITIVE_PROPERTY) || types.has(OWL_SYMMETRIC_PROPERTY);
      const isData = types.has(OWL_DATATYPE_PROPERTY);
      const info: PropInfo = {
        iri: key, owners: [], literal: [], classes: [],
        functional: types.has(OWL_FUNCTIONAL_PROPERTY), inverseFunctional: types.has(OWL_INVERSE_FUNCTIONAL_PROPERTY),
      };
      for (const d of this.expandClassTerms(key, DOMAINS, 'domain')) {
        if (this.objectClasses.has(d)) info.owners.push(d);
        else this.report.unmapped('domain that is not an object type (owl:Thing, datatype, enumeration, unknown)', `${this.c(key)} → ${this.c(d)}`);
      }
      const ranges = this.expandClassTerms(key, RANGES, 'range');
      for (const r of ranges) {
        const base = DATATYPE_TO_BASE[r] ?? this.datatypeBase.get(r);
        if (base) info.literal.push({ base });
        else if (this.enums.has(r) || this.restricted.has(r)) info.literal.push({ base: (this.enums.get(r) ?? this.restricted.get(r))?.base ?? 'string', valueTypeId: valueTypeIdFor(r) });
        else if (this.objectClasses.has(r)) info.classes.push(r);
        else if (isData) {
          info.literal.push({ base: 'string' });
          this.report.unmapped('unknown datatype in range (mapped to string)', `${this.c(key)} → ${this.c(r)}`);
        } else this.report.unmapped('range that is not a known class or datatype', `${this.c(key)} → ${this.c(r)}`);
      }
      if (ranges.length === 0) {
        if (isObject) this.report.unmapped('object property without range (no link type)', this.c(key));
        else {
          info.literal.push({ base: 'string' });
          this.report.mapped('property without range → string property', this.c(key));
        }
      }
      if (info.owners.length === 0) {
        this.report.unmapped('property without an object-type domain', this.c(key));
        this.useDescriptive(key);
        continue;
      }
      if (info.literal.length === 0 && info.classes.length === 0) {
        this.report.unmapped('property with a domain but no usable range (nothing generated)', this.c(key));
        this.useDescriptive(key);
        continue;
      }
      out.set(key, info);
    }
    return out;
  }

  private ancestorsOf(cls: string, memo: Map<string, Set<string>>): Set<string> {
    const known = memo.get(cls);
    if (known) return known;
    const out = new Set<string>();
    memo.set(cls, out); // placed before recursion: a subClassOf cycle ends here instead of looping
    for (const s of this.supers.get(cls) ?? []) {
      out.add(s);
      for (const a of this.ancestorsOf(s, memo)) out.add(a);
    }
    return out;
  }

  private assemble(props: Map<string, PropInfo>): Ontology {
    const g = this.g;
    const report = this.report;
    const objectClasses = [...this.objectClasses].sort();
    const dataProps = [...props.values()].filter((p) => p.literal.length > 0);
    const ownData = new Map<string, string[]>();
    for (const p of dataProps) for (const o of p.owners) (ownData.get(o) ?? ownData.set(o, []).get(o) as string[]).push(p.iri);
    const hasSubclass = new Set<string>();
    for (const [, sup] of this.supers) for (const s of sup) hasSubclass.add(s);
    const interfaceClasses = new Set(objectClasses.filter((c) => hasSubclass.has(c) && (ownData.get(c)?.length ?? 0) > 0));
    this.dropCycles(objectClasses);
    const memo = new Map<string, Set<string>>();
    for (const c of objectClasses) for (const s of this.supers.get(c) ?? []) report.mapped('rdfs:subClassOf → supertypes', () => `${this.c(c)} ⊑ ${this.c(s)}`);

    const o: Ontology = parseOntology({ format: 'oms/1', name: this.options.name ?? 'Imported ontology' });
    this.header(o);
    const lang = this.langs[0] as string;
    o.meta['rdf:lang'] = lang;

    // One map for the three: a resource's IRI is hashed and looked up once per element made from it, not three times.
    const described = new Map<string, Described>();
    const describe = (k: string): Described => {
      let d = described.get(k);
      if (d === undefined) {
        const label = this.text(k, LABEL_PREDICATES, 200, true);
        const comment = this.text(k, COMMENT_PREDICATES, 100_000);
        described.set(k, (d = { label, comment, status: this.status(k) }));
      }
      return d;
    };

    // Value types: enumerations and restricted datatypes.
    const vtNames = new NameScope();
    for (const [key, vt] of [...this.enums, ...this.restricted].sort(([a], [b]) => byCodeUnit(a, b))) {
      const d = describe(key);
      const constraints: Constraints = 'values' in vt ? (vt.values.length ? { enum: vt.values } : {}) : vt.constraints;
      o.valueTypes[valueTypeIdFor(key)] = {
        apiName: vtNames.claim(pascalFromIri(key)), displayName: d.label, description: d.comment,
        status: d.status, iri: key, baseType: { type: vt.base }, constraints,
      };
    }

    // Shared properties: the literal properties of interface classes.
    const shared = new Map<string, string>();
    const spNames = new NameScope();
    for (const p of dataProps) {
      if (!p.owners.some((c) => interfaceClasses.has(c))) continue;
      const d = describe(p.iri);
      const id = sharedPropertyIdFor(p.iri);
      shared.set(p.iri, id);
      const range = this.dataRange(p);
      o.sharedProperties[id] = {
        apiName: spNames.claim(camelFromIri(p.iri)), displayName: d.label, description: d.comment,
        status: d.status, iri: p.iri, baseType: { type: range.base }, required: false, pii: 'none',
        ...(range.valueTypeId ? { valueTypeId: range.valueTypeId } : {}),
      };
      report.mapped('literal property of a superclass → shared property', this.c(p.iri));
    }

    const camelMemo = new Map<string, string>();
    const camel = (i: string): string => camelMemo.get(i) ?? (camelMemo.set(i, camelFromIri(i)).get(i) as string);
    const otNames = new NameScope();
    const itfNames = new NameScope();
    const otApi = new Map<string, string>();
    for (const cls of objectClasses) {
      const d = describe(cls);
      const apiName = otNames.claim(pascalFromIri(cls));
      otApi.set(cls, apiName);
      // Subtypes inherit properties, interfaces and the primary key through `supertypes`; only
      // roots carry the synthesised key and a class holds only the properties declared on it.
      const supertypes = (this.supers.get(cls) ?? []).map((c) => this.otId(c));
      // A property an ancestor declares too is inherited, not redeclared (its domain statement stays an annotation).
      const own = ownData.get(cls);
      // Ancestor sets only where there is something to compare: they are the costly part on large hierarchies.
      const inheritedIris = own?.length && this.supers.get(cls)?.length ? new Set([...this.ancestorsOf(cls, memo)].flatMap((a) => ownData.get(a) ?? [])) : undefined;
      // Most classes of a large hierarchy declare nothing of their own: no order keys, name scope or title map then.
      const sortedProps = own?.length ? [...new Set<string>(own)].filter((p) => !inheritedIris?.has(p)).sort() : [];
      const keyId = supertypes.length ? undefined : keyPropertyIdFor(cls);
      const orders = keyId || sortedProps.length ? initialOrderKeys(sortedProps.length + 1) : [];
      const names = sortedProps.length ? new NameScope(supertypes.length ? [] : ['id']) : undefined;
      const properties: Record<string, Property> = {};
      if (keyId) {
        properties[keyId] = {
          apiName: 'id', displayName: 'ID', description: 'Primary key synthesised on import (OWL classes have none).',
          status: 'active', baseType: { type: 'string' }, required: true, pii: 'none', order: orders[0] as string,
        };
        report.synthesised('primary key property `id` (string, required) on each root class', apiName);
      }
      const titleCandidates = new Map<string, string>();
      if (names) sortedProps.forEach((p, i) => {
        const info = props.get(p) as PropInfo;
        const dp = describe(p);
        const range = this.dataRange(info);
        const sp = shared.get(p);
        const pid = propertyIdFor(cls, p);
        const propName = names.claim(camel(p));
        if (TITLE_NAMES.includes(propName) && !titleCandidates.has(propName)) titleCandidates.set(propName, pid);
        properties[pid] = {
          apiName: propName, displayName: dp.label, description: dp.comment,
          status: dp.status, iri: p, baseType: { type: range.base }, required: false, pii: 'none',
          order: orders[i + 1] as string,
          ...(range.valueTypeId ? { valueTypeId: range.valueTypeId } : {}),
          ...(sp ? { sharedPropertyId: sp } : {}),
        };
        report.mapped('literal property → property', () => `${apiName}.${this.c(p)}`);
      });
      // Title: the first name-like property, else the key, so every object has something to show.
      const titleKey = (titleCandidates.size ? TITLE_NAMES.map((n) => titleCandidates.get(n)).find(Boolean) : undefined) ?? keyId;
      const equivalentTo = this.classRefs(cls, OWL_EQUIVALENT_CLASS);
      const disjointWith = this.classRefs(cls, OWL_DISJOINT_WITH);
      o.objectTypes[this.otId(cls)] = {
        apiName, displayName: d.label, pluralDisplayName: '', description: d.comment,
        status: d.status, iri: cls, properties,
        ...(keyId ? { primaryKey: keyId } : {}), ...(titleKey ? { titleKey } : {}),
        implements: interfaceClasses.has(cls) ? [interfaceIdFor(cls)] : [],
        ...(supertypes.length ? { supertypes } : {}),
        ...(equivalentTo.length ? { equivalentTo } : {}),
        ...(disjointWith.length ? { disjointWith } : {}),
      };
      report.mapped('class → object type', () => this.c(cls));
      g.use(cls, SUBCLASS);
    }

    for (const cls of objectClasses) {
      if (!interfaceClasses.has(cls)) continue;
      const ancestors = this.ancestorsOf(cls, memo);
      const d = describe(cls);
      o.interfaces[interfaceIdFor(cls)] = {
        apiName: itfNames.claim(`${otApi.get(cls) as string}Interface`), displayName: d.label, description: d.comment,
        status: d.status, iri: cls,
        extends: [...ancestors].filter((a) => interfaceClasses.has(a) && !this.ancestorsOf(a, memo).has(cls)).sort().map(interfaceIdFor),
        properties: (ownData.get(cls) ?? []).map((p) => shared.get(p) as string),
      };
      report.mapped('class with subclasses and properties → interface', this.c(cls));
    }

    const ltNames = new NameScope();
    for (const p of [...props.values()].filter((x) => x.classes.length > 0)) {
      const dp = describe(p.iri);
      const cardinality: Cardinality = p.functional && p.inverseFunctional ? 'ONE_TO_ONE' : p.functional ? 'MANY_TO_ONE' : p.inverseFunctional ? 'ONE_TO_MANY' : 'MANY_TO_MANY';
      const single = p.owners.length === 1 && p.classes.length === 1;
      for (const d of p.owners) {
        for (const r of p.classes) {
          const base = camelFromIri(p.iri);
          o.linkTypes[linkTypeIdFor(p.iri, d, r)] = {
            apiName: ltNames.claim(single ? base : `${base}${otApi.get(d) as string}To${otApi.get(r) as string}`),
            displayName: dp.label, description: dp.comment, status: dp.status,
            iri: p.iri, fromObjectTypeId: this.otId(d), toObjectTypeId: this.otId(r), cardinality,
            fromDisplayName: dp.label, toDisplayName: '',
          };
          report.mapped('object property → link type (per domain × range)', `${this.c(p.iri)}: ${otApi.get(d) as string} → ${otApi.get(r) as string}`);
        }
      }
      if (p.literal.length > 0) report.mapped('property with literal and class ranges → property and link type', this.c(p.iri));
    }
    this.mergeInverses(o, described);
    this.restrictionLinks(o, ltNames, otApi, describe);
    this.subProperties(o);
    this.declarationStyle(o, props);
    const langs = [...this.labelLangs].sort(([a, x], [b, y]) => y - x || byCodeUnit(a, b));
    if (langs.length && !this.labelLangs.has(lang)) o.meta[META_LANG] = (langs[0] as [string, number])[0];
    else if (langs.length && (langs[0] as [string, number])[1] > (this.labelLangs.get(lang) ?? 0)) o.meta[META_LANG] = (langs[0] as [string, number])[0];

    const ids = new Set<string>();
    for (const coll of [o.objectTypes, o.interfaces, o.linkTypes, o.sharedProperties, o.valueTypes]) {
      for (const id of Object.keys(coll)) {
        if (ids.has(id)) throw new ModelError('IMPORT_ID_COLLISION', `two imported elements hash to the id ${id}`);
        ids.add(id);
      }
    }
    // Built field by field from the schema's own types; the shape checks of parseOntology (zod)
    // would cost ~40% of a schema.org import, so only the set normalisation runs, once, in `finish`.
    return o;
  }

  /** Removes the rdfs:subClassOf edges that close a cycle (depth-first in IRI order), so supertypes are acyclic. */
  private dropCycles(classes: readonly string[]): void {
    const state = new Map<string, 'open' | 'done'>();
    const visit = (c: string) => {
      state.set(c, 'open');
      const kept: string[] = [];
      for (const s of this.supers.get(c) ?? []) {
        if (state.get(s) === 'open') {
          this.report.unmapped('rdfs:subClassOf closing a cycle (not a supertype; kept verbatim)', `${this.c(c)} ⊑ ${this.c(s)}`);
          continue;
        }
        if (!state.has(s)) visit(s);
        kept.push(s);
      }
      this.supers.set(c, kept.slice()); // exact size: held for the rest of the import (a pushed-to array reserves 17)
      state.set(c, 'done');
    };
    for (const c of classes) if (!state.has(c)) visit(c);
    // One primary key per type: a subtype's supertypes must descend from the same root (the one
    // holding the synthesised key). Edges to another root's tree stay rdfs:subClassOf annotations.
    const root = new Map<string, string>();
    const rootOf = (c: string): string => {
      const known = root.get(c);
      if (known) return known;
      const sup = this.supers.get(c) ?? [];
      const r = sup.length ? rootOf(sup[0] as string) : c;
      root.set(c, r);
      // Every supertype visited in order as before; the filtered copy only when an edge leaves the
      // tree (rarely: most classes of a large hierarchy keep all their supertypes).
      let leaves = false;
      for (let i = 1; i < sup.length; i++) if (rootOf(sup[i] as string) !== r) leaves = true;
      if (leaves) {
        const kept = sup.filter((s) => rootOf(s) === r);
        for (const s of sup) if (!kept.includes(s)) this.report.unmapped('rdfs:subClassOf into another root\'s tree (one primary key per type: kept as an annotation)', `${this.c(c)} ⊑ ${this.c(s)}`);
        this.supers.set(c, kept);
      }
      return r;
    };
    for (const c of classes) rootOf(c);
  }

  /** Named classes related to `cls` by `p` (owl:equivalentClass, owl:disjointWith): ids of object types, IRIs of others. */
  private classRefs(cls: string, p: string): string[] {
    const objects = this.g.objects(cls, p, true);
    if (objects.length === 0) return [];
    const out = new Set<string>();
    for (const t of objects) {
      if (t.t !== 'iri' || t.v === cls) continue;
      out.add(this.objectClasses.has(t.v) ? this.otId(t.v) : t.v);
    }
    return [...out].sort();
  }

  /** `P owl:inverseOf Q` with one link type each, ends swapped: one link type (P's), Q its other side. */
  private mergeInverses(o: Ontology, described: ReadonlyMap<string, Described>): void {
    const byIri = new Map<string, string[]>();
    for (const [id, lt] of Object.entries(o.linkTypes)) if (lt.iri) (byIri.get(lt.iri) ?? byIri.set(lt.iri, []).get(lt.iri) as string[]).push(id);
    for (const p of [...byIri.keys()].sort()) {
      const lp = byIri.get(p);
      if (lp?.length !== 1) continue;
      for (const t of this.g.objects(p, OWL_INVERSE_OF, true)) {
        if (t.t !== 'iri' || t.v === p) continue;
        const lq = byIri.get(t.v);
        const a = o.linkTypes[lp[0] as string];
        const b = lq?.length === 1 ? o.linkTypes[lq[0] as string] : undefined;
        if (!a || !b || a.inverseIri || b.fromObjectTypeId !== a.toObjectTypeId || b.toObjectTypeId !== a.fromObjectTypeId) continue;
        a.inverseIri = t.v;
        a.toDisplayName = described.get(t.v)?.label ?? this.text(t.v, LABEL_PREDICATES, 200);
        delete o.linkTypes[lq?.[0] as string];
        byIri.delete(t.v);
        this.report.mapped('owl:inverseOf → one link type, both sides', () => `${this.c(p)} / ${this.c(t.v)}`);
        break;
      }
    }
  }

  private restrictionLinks(
    o: Ontology, names: NameScope, otApi: Map<string, string>, describe: (k: string) => Described,
  ): void {
    const camelMemo = new Map<string, string>();
    const sortKey = (r: RestrictionInfo) => `${r.cls}\u0000${r.prop}\u0000${r.quantifier}\u0000${r.n ?? ''}\u0000${r.to}`;
    // Names are claimed in a fixed order, not the source's statement order (a re-export differs).
    // Key strings sorted by `.sort()` itself (an index suffix keeps equal keys in statement order), not
    // by a comparator that destructures pairs on every step (the costly part at 10⁴ restrictions).
    const sorted = this.restrictions.map((r, i) => `${sortKey(r)}\u0000${String(i).padStart(10, '0')}`).sort();
    for (const key of sorted) {
      const r = this.restrictions[Number(key.slice(-10))] as RestrictionInfo;
      const d = describe(r.prop);
      const id = idFromString(`restriction|${r.cls}|${r.prop}|${r.quantifier}|${r.n ?? ''}|${r.to}`);
      const min = r.quantifier === 'some' ? 1 : r.quantifier === 'min' || r.quantifier === 'exactly' ? r.n : undefined;
      const max = r.quantifier === 'max' || r.quantifier === 'exactly' ? r.n : undefined;
      const functional = this.g.hasType(r.prop, OWL_FUNCTIONAL_PROPERTY) || (max !== undefined && max <= 1);
      const inverseFunctional = this.g.hasType(r.prop, OWL_INVERSE_FUNCTIONAL_PROPERTY);
      const cardinality: Cardinality = functional && inverseFunctional ? 'ONE_TO_ONE' : functional ? 'MANY_TO_ONE' : inverseFunctional ? 'ONE_TO_MANY' : 'MANY_TO_MANY';
      const base = camelMemo.get(r.prop) ?? (camelMemo.set(r.prop, camelFromIri(r.prop)).get(r.prop) as string);
      const lt: LinkType = {
        apiName: names.claim(`${base}${otApi.get(r.cls) as string}To${otApi.get(r.to) as string}`),
        displayName: d.label, description: d.comment, status: d.status,
        iri: r.prop, fromObjectTypeId: this.otId(r.cls), toObjectTypeId: this.otId(r.to), cardinality,
        fromDisplayName: d.label, toDisplayName: '',
        restriction: { quantifier: r.quantifier, ...(r.qualified ? { qualified: true } : {}), ...(r.datatype ? { datatype: r.datatype } : {}) },
        ...(min === undefined ? {} : { minCardinality: min }), ...(max === undefined ? {} : { maxCardinality: max }),
      };
      if (o.linkTypes[id]) throw new ModelError('IMPORT_ID_COLLISION', `two restrictions hash to the id ${id}`);
      o.linkTypes[id] = lt;
      this.report.mapped(`owl:Restriction (${r.quantifier}${r.qualified ? ', qualified' : ''}) → link type`, () => `${this.c(r.cls)} ⊑ ${this.c(r.prop)} ${r.quantifier} ${this.c(r.to)}`);
    }
  }

  /** rdfs:subPropertyOf named properties, on every element made from the sub-property. */
  private subProperties(o: Ontology): void {
    const supers = (p: string | undefined): string[] | undefined => {
      if (!p) return undefined;
      const out = this.g.objects(p, RDFS_SUB_PROPERTY_OF, true).flatMap((t) => (t.t === 'iri' && t.v !== p ? [t.v] : []));
      return out.length ? [...new Set(out)].sort() : undefined;
    };
    const set = (e: { iri?: string | undefined; subPropertyOf?: string[] | undefined }) => {
      const s = supers(e.iri);
      if (s) e.subPropertyOf = s;
    };
    for (const lt of Object.values(o.linkTypes)) set(lt);
    for (const sp of Object.values(o.sharedProperties)) set(sp);
    for (const id in o.objectTypes) {
      const properties = (o.objectTypes[id] as Ontology['objectTypes'][string]).properties;
      for (const pid in properties) set(properties[pid] as Property); // for…in: no value list per class
    }
  }

  /** Classes only typed rdfs:Class, properties only rdf:Property (schema.org): the export declares them the same way. */
  private declarationStyle(o: Ontology, props: Map<string, PropInfo>): void {
    let rdfsOnly = 0;
    for (const c of this.objectClasses) if (!this.g.hasType(c, OWL_CLASS)) rdfsOnly++;
    if (rdfsOnly * 2 > this.objectClasses.size) o.meta[META_CLASS_TYPE] = 'rdfs';
    let rdfOnly = 0;
    const g = this.g;
    for (const p of props.keys()) {
      if (g.hasType(p, RDF_PROPERTY) && !g.hasType(p, OWL_OBJECT_PROPERTY) && !g.hasType(p, OWL_DATATYPE_PROPERTY)) rdfOnly++;
    }
    if (rdfOnly * 2 > props.size) o.meta[META_PROPERTY_TYPE] = 'rdf';
  }

  private readonly otIds = new Map<string, string>();

  /** objectTypeIdFor, memoised: a class's id is asked for by each subclass, restriction and link that names it. */
  private otId(cls: string): string {
    let id = this.otIds.get(cls);
    if (id === undefined) this.otIds.set(cls, (id = objectTypeIdFor(cls)));
    return id;
  }

  private readonly ranges = new Map<string, DataRange>();

  /** One literal range per property (memoised: property copies on subclasses share it, and its report entry). */
  private dataRange(p: PropInfo): DataRange {
    const known = this.ranges.get(p.iri);
    if (known) return known;
    const range = this.computeDataRange(p);
    this.ranges.set(p.iri, range);
    return range;
  }

  private computeDataRange(p: PropInfo): DataRange {
    const withVt = p.literal.filter((l) => l.valueTypeId);
    if (withVt.length === 1 && p.literal.length === 1) return withVt[0] as DataRange;
    if (withVt.length > 0) this.report.unmapped('several literal ranges including a value type (value type dropped)', this.c(p.iri));
    const base = unifyBaseTypes(p.literal.map((l) => l.base));
    if (new Set(p.literal.map((l) => l.base)).size > 1) this.report.mapped(`several literal ranges → one base type (${base})`, this.c(p.iri));
    return { base };
  }

  private header(o: Ontology): void {
    const g = this.g;
    const onto = g.ofType(OWL_ONTOLOGY).find((k) => g.term(k)?.t === 'iri');
    const base = onto ?? this.options.baseIri ?? mintedBaseIri(o.name);
    if (onto) {
      g.use(onto, RDF_TYPE);
      const name = this.text(onto, [...LABEL_PREDICATES, DCT_TITLE], 200);
      if (name) o.name = name;
      o.description = this.text(onto, COMMENT_PREDICATES, 100_000);
      this.report.mapped('owl:Ontology → name, description, base IRI', this.c(onto));
    }
    o.meta['rdf:base'] = base;
    for (const [p, ns] of Object.entries(this.options.prefixes ?? {})) {
      if (WRITER_PREFIXES[p] === undefined) o.meta[`rdf:prefix:${p}`] = ns;
    }
  }
}
