// The public API of helmless: re-exports only.
export * from './validate';
