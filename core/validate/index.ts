export * from './diagnostics';
export * from './codes';
export * from './validate';
export * from './locate';
