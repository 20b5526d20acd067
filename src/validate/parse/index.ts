// Parsing and reading inputs for validation (shared by `helmless validate` and `helmless lint`).
export { parseManifests, splitDocuments, joinPath, splitPath, checkExpansion, MAX_DEPTH, MAX_EXPANDED_NODES } from './yaml';
export { readInputs, parseInput, decodeInput, walkDirectory, MAX_INPUT_BYTES, MANIFEST_EXTENSIONS } from './inputs';
export type { InputIO, InputResult } from './inputs';
export { locateFindings } from './locate';
export { SourceTexts } from './texts';
export type { DocumentText, StreamTexts } from './texts';
export type { ParseOptions, ParseResult } from './yaml';
export { readCrdSources, projectCrdSources, PROJECT_CRDS_DIR } from './crd-sources';
export type { CrdSources } from './crd-sources';
