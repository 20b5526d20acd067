export * from './environments';
export * from './shop';
