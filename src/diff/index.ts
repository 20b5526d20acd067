// helmless diff, the pure part: documents in, a change report out (see docs/diff.md).
export * from './types';
export { diffDocuments, hasChanges, groupOf, objectKey, similarity, RENAME_SIMILARITY } from './engine';
export type { DiffOptions } from './engine';
export { formatText, formatMarkdown, formatJson, formatValue } from './format';
export { CREDENTIAL_NAME } from './secrets';
export { breakingForChanged, breakingForRemoved } from './breaking';
