// The public API of helmless: re-exports only.
export * from './validate';
export * from './app';
export * from './source-location';
export * from './constructs';
export * as k8s from '../imports/k8s';
export * from './cdk8s-plugin';
export * from './validate/policy';
export * from './adopt';
