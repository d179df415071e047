export * from './diff';
export * from './apply';
export * from './format';
export * from './values';
