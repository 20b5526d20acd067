/**
 * The Kubernetes version a project declares: the `k8s@x.y[.z]` import of its cdk8s.yaml. One
 * reader for the constructs (target version), synth and the cdk8s plugin (validation version) and
 * `helmless validate` / `lint` (their default inside a project). Small on purpose: the bundled CLI
 * loads it without the constructs or synth, and parses cdk8s.yaml with js-yaml, which the
 * validator loads anyway (the `yaml` package took 30-45 ms to load, on every validate run).
 */
import * as fs from 'fs';
import { load } from 'js-yaml';
import * as path from 'path';

/** A `k8s@x.y[.z]` entry of cdk8s.yaml's imports; group 1 is the version. */
export const K8S_IMPORT = /^k8s@(\d+\.\d+(?:\.\d+)?)$/;

/** The version of the (last) `k8s@` entry of cdk8s.yaml's `imports`, if any. */
export function k8sImportVersion(imports: unknown): string | undefined {
  let found: string | undefined;
  if (Array.isArray(imports)) {
    for (const i of imports) {
      const m = typeof i === 'string' ? K8S_IMPORT.exec(i) : null;
      if (m) found = m[1];
    }
  }
  return found;
}

/**
 * The version the project in `dir` declares, or undefined outside a project (no cdk8s.yaml, or no
 * k8s@ import in it). A cdk8s.yaml that does not parse declares nothing here: `helmless synth`
 * reports it.
 */
export function declaredKubernetesVersion(dir: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const raw = load(text) as { imports?: unknown } | null;
    return raw && typeof raw === 'object' ? k8sImportVersion(raw.imports) : undefined;
  } catch {
    return undefined;
  }
}
