/**
 * The Kubernetes version the constructs render for: the project's target version.
 *
 * The project declares it once, as the `k8s@1.xx` import in cdk8s.yaml. A plain cdk8s App/Chart
 * picks it up with no code of its own, under `helmless synth` and under `cdk8s synth` alike
 * (both run the app in the project folder). Resolution, first match wins:
 *
 * 1. the construct context `helmless:kubernetesVersion` (`app.node.setContext(...)`, or a
 *    HelmlessApp's `kubernetesVersion` prop), for tests and apps that render several versions;
 * 2. the environment variable `HELMLESS_KUBERNETES_VERSION` (set by `helmless synth --kubernetes-version`);
 * 3. the `k8s@x.y[.z]` import of `cdk8s.yaml` in the working folder;
 * 4. {@link DEFAULT_TARGET_VERSION}, the version of the bundled L1 types.
 *
 * Features that depend on the version (native sidecars from 1.29, `sleep` preStop hooks from
 * 1.30...) ask {@link servesFeature} / {@link targetVersion} instead of reading any of these.
 */
import * as path from 'path';
import type { IConstruct } from 'constructs';
import { K8S_IMPORT_VERSION } from '../../imports/k8s-version';
import { declaredKubernetesVersion } from '../project-version';
import { invalidProp } from './errors';

/** Construct context key of the target version ('1.35' or '1.35.0'). */
export const TARGET_VERSION_CONTEXT = 'helmless:kubernetesVersion';
/** Environment variable of the target version. */
export const TARGET_VERSION_ENV = 'HELMLESS_KUBERNETES_VERSION';
/** The version the bundled L1 types (imports/k8s.ts) were generated for (scripts/import.js writes it from cdk8s.yaml). */
export const DEFAULT_TARGET_VERSION = K8S_IMPORT_VERSION;
/** Oldest and newest minor versions helmless has definitions for. */
export const MIN_TARGET_MINOR = 27;
export const MAX_TARGET_MINOR = 36;

/** A Kubernetes version as the constructs compare it. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  /** 'x.y.z' as declared (a missing patch is '0'). */
  readonly text: string;
}

/** Where a version came from, for messages. */
export type TargetVersionSource = 'context' | 'environment' | 'cdk8s.yaml' | 'default';

/** Version-dependent features the constructs use, with the first minor (1.x) that serves each. */
export const FEATURE_MINOR = {
  /** An init container with `restartPolicy: Always` (SidecarContainers, beta and on by default in 1.29). */
  nativeSidecars: 29,
  /** `lifecycle.preStop.sleep` (PodLifecycleSleepAction, beta in 1.30). */
  sleepAction: 30,
  /** CronJob `timeZone` (GA in 1.27). */
  cronTimeZone: 27,
} as const;

export type Feature = keyof typeof FEATURE_MINOR;

const configCache = new Map<string, string | undefined>();

/** Parses '1.35', '1.35.0' or 'v1.35.0'; undefined when it is none of these. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), text: `${m[1]}.${m[2]}.${m[3] ?? '0'}` };
}

/** The `k8s@` import of the cdk8s.yaml in `dir`, if any (cached per folder). */
export function projectTargetVersion(dir: string = process.cwd()): string | undefined {
  const file = path.resolve(dir, 'cdk8s.yaml');
  if (configCache.has(file)) return configCache.get(file);
  const found = declaredKubernetesVersion(path.dirname(file));
  configCache.set(file, found);
  return found;
}

/** The raw target version of `scope` and where it came from. */
export function targetVersionSource(scope: IConstruct): { readonly text: string; readonly source: TargetVersionSource } {
  const ctx = scope.node.tryGetContext(TARGET_VERSION_CONTEXT) as unknown;
  if (ctx !== undefined && ctx !== null) return { text: String(ctx), source: 'context' };
  const env = process.env[TARGET_VERSION_ENV];
  if (env !== undefined && env.trim() !== '') return { text: env, source: 'environment' };
  const project = projectTargetVersion();
  if (project !== undefined) return { text: project, source: 'cdk8s.yaml' };
  return { text: DEFAULT_TARGET_VERSION, source: 'default' };
}

/** The Kubernetes version `scope` renders for; throws a prop error naming the source when it is not one helmless serves. */
export function targetVersion(scope: IConstruct): KubernetesVersion {
  const { text, source } = targetVersionSource(scope);
  const v = parseKubernetesVersion(text);
  if (!v || v.major !== 1 || v.minor < MIN_TARGET_MINOR || v.minor > MAX_TARGET_MINOR) {
    const where = source === 'context' ? `the context '${TARGET_VERSION_CONTEXT}'`
      : source === 'environment' ? `the environment variable ${TARGET_VERSION_ENV}`
      : source === 'cdk8s.yaml' ? "cdk8s.yaml's k8s@ import" : 'the default';
    invalidProp(scope, 'Kubernetes version', text, `${where} must be a version from 1.${MIN_TARGET_MINOR} to 1.${MAX_TARGET_MINOR}`,
      `declare one, e.g. 'k8s@1.35.0' in cdk8s.yaml's imports`);
  }
  return v;
}

/** Whether the target version of `scope` serves `feature`. */
export function servesFeature(scope: IConstruct, feature: Feature): boolean {
  return targetVersion(scope).minor >= FEATURE_MINOR[feature];
}

/** Forgets the cached cdk8s.yaml lookups (tests that change the working folder). */
export function clearTargetVersionCache(): void {
  configCache.clear();
}
