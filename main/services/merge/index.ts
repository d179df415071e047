export * from './errors';
export * from './merge-flow';
export * from './release';
export type { MergeStrategy } from './proportional-preview';
