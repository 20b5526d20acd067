// Layer 4: best-practice policy lint (kube-linter / kube-score / Polaris class, Pod Security
// Standards profiles). Implemented under src/validate/policy/.
import type { Finding, ManifestDocument } from '../types';

export interface LintOptions {
  /** Pod Security Standards profile to enforce. @default 'restricted' */
  readonly profile?: 'baseline' | 'restricted';
}

export function lintDocuments(_docs: readonly ManifestDocument[], _opts: LintOptions = {}): Finding[] {
  return [];
}
