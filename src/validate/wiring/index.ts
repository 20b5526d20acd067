// Layer 3: cross-object wiring across all documents given (duplicates, Service -> pods,
// targetPorts, probe ports, secret/configMap/PVC references, Ingress backends, HPA/PDB targets).
import type { Finding, ManifestDocument, ValidateOptions } from '../types';

export function wiringChecks(_docs: readonly ManifestDocument[], _opts: ValidateOptions = {}): Finding[] {
  return [];
}
