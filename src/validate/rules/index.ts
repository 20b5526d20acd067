// Layer 2: the API server's own rules (what `kubectl apply` would refuse) that a JSON schema
// cannot express. Implemented under src/validate/rules/.
import type { Finding, ManifestDocument, ValidateOptions } from '../types';

export function apiServerRules(_docs: readonly ManifestDocument[], _opts: ValidateOptions = {}): Finding[] {
  return [];
}
