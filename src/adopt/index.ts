// helmless adopt: existing manifests -> a TypeScript program (see docs/adopt.md).
export { generateProgram, normalizeForAdoption, AdoptError } from './generate';
export type { AdoptDocument, AdoptedObject, AdoptResult, AdoptOptions } from './generate';
export { l1Table } from './l1-types';
export type { L1Table, L1Class, Field, FieldKind } from './l1-types';
export { IncludeManifests } from './include';
export type { IncludeManifestsProps } from './include';
