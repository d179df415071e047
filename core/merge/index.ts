export * from './types';
export * from './merge3';
export * from './rules';
export * from './widening';
export { MergeError } from './resolve';
export { conflictId } from './conflicts';
export { referencesOf, type Reference } from './references';
