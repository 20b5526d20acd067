// The public API of helmless: re-exports only.
export * from './validate';
export * from './app';
export * from './source-location';
export * from './constructs';
export * from './cdk8s-plugin';
