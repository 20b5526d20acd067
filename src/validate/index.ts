// The validation engine: pure functions from parsed documents to findings.
// Layers: schema (kubeconform parity), API-server rules, cross-object wiring.
export * from './types';
