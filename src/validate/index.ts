// The validation engine: pure functions from parsed documents to findings.
// Layers: schema (kubeconform parity), API-server rules, cross-object wiring.
export * from './types';
export * from './engine';
export * from './parse';
export { availableVersions, resolveVersion, UnknownVersionError, DEFAULT_KUBERNETES_VERSION, ERROR_BUCKET_RULES, SKIPPED_RULE, SKIPPED_RULES, UNKNOWN_CRD_RULE, REMOVED_APIS } from './schema';
export type { SchemaOptions } from './schema';
export * from './report';
