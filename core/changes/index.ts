export * from './analyze';
export * from './changelog';
export * from './semver';
