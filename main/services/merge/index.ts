export * from './errors';
export * from './merge-flow';
export * from './release';
