export * from './layout';
export * from './origins';
export * from './encode';
export * from './decode';
export * from './apply';
export * from './edit';
export * from './ops';
export * from './observe';
export { textSplice } from './text';
