export * from './schema';
export * from './ids';
export * from './canonical';
export * from './elements';
export * from './order';
export * from './annotations';
export * from './hierarchy';
