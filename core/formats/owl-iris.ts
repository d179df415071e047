/**
 * The RDF, RDFS, OWL and schema.org IRIs both directions of the OWL mapping name (owl-import.ts
 * reads them, owl-view.ts writes them), built once at module load: a template per call made a new
 * string that every map lookup hashed again.
 */
import { NS } from './rdf';

const { rdf, rdfs, owl, schema } = NS;

export const OWL_CLASS = `${owl}Class`;
export const OWL_DATATYPE_PROPERTY = `${owl}DatatypeProperty`;
export const OWL_DEPRECATED = `${owl}deprecated`;
export const OWL_DISJOINT_WITH = `${owl}disjointWith`;
export const OWL_EQUIVALENT_CLASS = `${owl}equivalentClass`;
export const OWL_FUNCTIONAL_PROPERTY = `${owl}FunctionalProperty`;
export const OWL_INVERSE_FUNCTIONAL_PROPERTY = `${owl}InverseFunctionalProperty`;
export const OWL_INVERSE_OF = `${owl}inverseOf`;
export const OWL_OBJECT_PROPERTY = `${owl}ObjectProperty`;
export const OWL_ONE_OF = `${owl}oneOf`;
export const OWL_ONTOLOGY = `${owl}Ontology`;
export const OWL_ON_CLASS = `${owl}onClass`;
export const OWL_ON_DATATYPE = `${owl}onDatatype`;
export const OWL_ON_PROPERTY = `${owl}onProperty`;
export const OWL_RESTRICTION = `${owl}Restriction`;
export const OWL_WITH_RESTRICTIONS = `${owl}withRestrictions`;
export const RDFS_CLASS = `${rdfs}Class`;
export const RDFS_DATATYPE = `${rdfs}Datatype`;
export const RDFS_DOMAIN = `${rdfs}domain`;
export const RDFS_RANGE = `${rdfs}range`;
export const RDFS_SUB_CLASS_OF = `${rdfs}subClassOf`;
export const RDFS_SUB_PROPERTY_OF = `${rdfs}subPropertyOf`;
export const RDF_PROPERTY = `${rdf}Property`;
export const SCHEMA_DOMAIN_INCLUDES = `${schema}domainIncludes`;
export const SCHEMA_RANGE_INCLUDES = `${schema}rangeIncludes`;
