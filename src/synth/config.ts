/**
 * Reads ./cdk8s.yaml the way `cdk8s synth` does: `app` (the command that runs the app) and
 * `output` (default 'dist'). The Kubernetes version for validation defaults to the version of the
 * `k8s@x.y.z` import, so the schemas match the generated types.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

export const CONFIG_FILE = 'cdk8s.yaml';
export const DEFAULT_OUTPUT = 'dist';
export const DEFAULT_KUBERNETES_VERSION = '1.27.0';

export interface ProjectConfig {
  readonly app?: string;
  readonly output: string;
  readonly kubernetesVersion: string;
  /** The local CRD files among `imports` (`[prefix:=]path.yaml`): validation uses them for the custom resources they define. */
  readonly crdFiles: readonly string[];
}

export class ConfigError extends Error {}

export function readProjectConfig(cwd: string): ProjectConfig {
  const file = path.join(cwd, CONFIG_FILE);
  if (!fs.existsSync(file)) {
    return { output: DEFAULT_OUTPUT, kubernetesVersion: DEFAULT_KUBERNETES_VERSION, crdFiles: [] };
  }
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${CONFIG_FILE}: not valid YAML (${(e as Error).message.split('\n')[0]}); fix the file.`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${CONFIG_FILE}: expected a mapping with 'app' and 'output', got ${Array.isArray(raw) ? 'a list' : typeof raw}.`);
  }
  const c = raw as Record<string, unknown>;
  for (const key of ['app', 'output'] as const) {
    if (c[key] !== undefined && (typeof c[key] !== 'string' || (c[key] as string).trim() === '')) {
      throw new ConfigError(`${CONFIG_FILE}: '${key}' must be a non-empty string, got ${JSON.stringify(c[key])}.`);
    }
  }
  let kubernetesVersion = DEFAULT_KUBERNETES_VERSION;
  const crdFiles: string[] = [];
  if (Array.isArray(c.imports)) {
    for (const i of c.imports) {
      const m = typeof i === 'string' ? /^k8s@(\d+\.\d+(?:\.\d+)?)$/.exec(i) : null;
      if (m) kubernetesVersion = m[1];
      const at = typeof i === 'string' ? i.indexOf(':=') : -1;
      const file = typeof i !== 'string' ? '' : at < 0 ? i : i.slice(at + 2);
      if (/\.(?:ya?ml|json)$/.test(file) && !/^[a-z]+:\/\//.test(file)) crdFiles.push(file);
    }
  }
  return { app: c.app as string | undefined, output: (c.output as string | undefined) ?? DEFAULT_OUTPUT, kubernetesVersion, crdFiles };
}
