/**
 * HelmlessApp: a cdk8s App whose output is deterministic, human-named and attributable.
 *
 * - Output folder: `props.outdir`, else `CDK8S_OUTDIR` (what `cdk8s synth` and `helmless synth`
 *   set), else 'dist'.
 * - Layout: one file per chart by default, named after the chart's construct path
 *   (`new ShopChart(app, 'shop-prod')` -> `shop-prod.k8s.yaml`; a nested chart 'shop/db' ->
 *   `shop-db.k8s.yaml`). No hash, no numeric prefix (cdk8s prefixes `0000-` as soon as charts
 *   depend on each other; we never do). `fileName` may return 'prod/shop' for dist/prod/shop.k8s.yaml.
 *   Charts without objects write no file. Two charts that map to one file are an error.
 * - Object order inside a file: by kind, in the order a cluster needs them (Namespace first,
 *   then ServiceAccount, Secret, ConfigMap, storage, RBAC, Service, workloads, autoscalers,
 *   Ingress; unknown kinds and custom resources last), then namespace, then name. The order does
 *   not depend on the order constructs were written in, so moving code never churns dist/.
 * - Bytes: those of cdk8s's serializer (YAML 1.1 schema, sorted keys, line width 0 = never folded),
 *   written by src/emit-yaml.ts, which matches `Yaml.stringify` byte for byte several times faster; no
 *   timestamps, no absolute paths; nothing depends on TZ, locale or clone path.
 * - Attribution: when `HELMLESS_SOURCES_FILE` is set (by `helmless synth`), or when cdk8s asks for
 *   construct metadata (`CDK8S_RECORD_CONSTRUCT_METADATA=true`, i.e. `cdk8s synth` with a
 *   validation plugin), a JSON sidecar OUTSIDE the output folder maps each written document to
 *   its construct path and TypeScript creation site: that of the nearest construct that called
 *   `recordCreationSite`, else the line that created its chart. The output folder holds YAML only.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { emitYaml } from './emit-yaml';
import { KUSTOMIZATION_FILE } from './layout';
import { creationSiteOf, recordCreationSite } from './source-location';

export interface HelmlessAppProps extends AppProps {
  /**
   * Output file name (without extension) for a chart; may contain '/' for sub-folders.
   * @default - the chart's construct path with '/' replaced by '-'
   */
  readonly fileName?: (chart: Chart) => string;
  /**
   * Also write a `kustomization.yaml` in every folder that holds chart files, listing them
   * (sorted), so `kustomize build dist/prod` / an Argo CD or Flux Kustomization can point at one
   * environment's folder. It is build configuration, not a cluster object: synth does not
   * validate it as one.
   * @default false - only the chart files are written
   */
  readonly kustomization?: boolean;
}

export { KUSTOMIZATION_FILE };

/** One written document, as recorded in the attribution sidecar. */
export interface SynthesizedObjectSource {
  /** Path of the file relative to the output folder, '/'-separated ('shop-prod.k8s.yaml'). */
  readonly file: string;
  /** 0-based index of the document in that file. */
  readonly documentIndex: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Construct path of the ApiObject ('shop-prod/web/deployment'). */
  readonly constructPath: string;
  /** TypeScript line of the nearest recorded ancestor ('src/charts/shop.ts:42'), if any. */
  readonly sourceLocation?: string;
}

export interface SourcesFile {
  readonly version: 1;
  readonly objects: readonly SynthesizedObjectSource[];
}

/** Environment variable naming the attribution sidecar file (set by `helmless synth`). */
export const SOURCES_FILE_ENV = 'HELMLESS_SOURCES_FILE';

/**
 * Where the sidecar goes when cdk8s (not helmless) runs the app and asks for construct
 * metadata: a file in the OS temp folder keyed on the absolute output folder, which the cdk8s
 * validation plugin reads back. Never inside the output folder.
 */
export function defaultSourcesFileFor(outdir: string): string {
  const key = crypto.createHash('sha256').update(path.resolve(outdir)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `helmless-sources-${key}.json`);
}

/**
 * Kinds in the order a cluster needs them (the order Helm installs them in), so that a plain
 * `kubectl apply -f` of a file creates dependencies first. Kinds not listed come after, sorted by
 * apiVersion then kind.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget',
  'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList',
  'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];
const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

interface Rendered {
  readonly json: Record<string, unknown>;
  readonly apiObject: ApiObject;
}

function meta(json: Record<string, unknown>): { namespace?: string; name?: string } {
  const m = json.metadata;
  if (m && typeof m === 'object') {
    const { namespace, name } = m as Record<string, unknown>;
    return {
      namespace: typeof namespace === 'string' ? namespace : undefined,
      name: typeof name === 'string' ? name : undefined,
    };
  }
  return {};
}

/** Code-point comparison: independent of the locale (localeCompare is not). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The documented object order: kind rank, then apiVersion/kind for unlisted kinds, then namespace, then name. */
export function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = String(a.kind ?? '');
  const kb = String(b.kind ?? '');
  const ra = KIND_RANK.get(ka) ?? KIND_ORDER.length;
  const rb = KIND_RANK.get(kb) ?? KIND_ORDER.length;
  if (ra !== rb) return ra - rb;
  if (ra === KIND_ORDER.length) {
    const c = cmp(String(a.apiVersion ?? ''), String(b.apiVersion ?? '')) || cmp(ka, kb);
    if (c !== 0) return c;
  } else if (ka !== kb) {
    return cmp(ka, kb);
  }
  const ma = meta(a);
  const mb = meta(b);
  return cmp(ma.namespace ?? '', mb.namespace ?? '') || cmp(ma.name ?? '', mb.name ?? '');
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function defaultFileName(chart: Chart): string {
  return chart.node.path.split('/').join('-');
}

function resourceFileName(json: Record<string, unknown>): string {
  return `${String(json.kind ?? '')}.${meta(json).name ?? ''}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

export class HelmlessApp extends App {
  private readonly fileNameOf: (chart: Chart) => string;
  public readonly kustomization: boolean;

  constructor(props: HelmlessAppProps = {}) {
    super({
      ...props,
      outdir: props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist',
      yamlOutputType: props.yamlOutputType ?? YamlOutputType.FILE_PER_CHART,
      // construct-metadata.json would land in the output folder; we write our own sidecar outside it.
      recordConstructMetadata: false,
    });
    this.fileNameOf = props.fileName ?? defaultFileName;
    this.kustomization = props.kustomization ?? false;
    this.recordChartSites();
  }

  /**
   * Records the creation site of every construct added directly to the app (the charts), so an
   * object with no recorded helmless ancestor is still attributed to its chart's line. constructs
   * offers no hook for this; we wrap `addChild` on this app's own node only (never globally).
   */
  private recordChartSites(): void {
    const node = this.node as unknown as { addChild?: (child: IConstruct, name: string) => void };
    const addChild = node.addChild;
    if (typeof addChild !== 'function') return;
    node.addChild = (child: IConstruct, name: string) => {
      addChild.call(this.node, child, name);
      recordCreationSite(child);
    };
  }

  /**
   * Renders every chart: file path (relative to the output folder, without extension) -> objects
   * in the documented order. Runs the constructs' validations first, like cdk8s.
   */
  public render(): Map<string, Rendered[]> {
    this.validateConstructs();
    const files = new Map<string, Rendered[]>();
    const owners = new Map<string, string>();
    const add = (file: string, owner: string, objects: Rendered[]) => {
      for (const seg of file.split('/')) {
        if (!SEGMENT.test(seg) || seg === '..') {
          throw new Error(
            `HelmlessApp: output file name '${file}' for ${owner} is not a safe relative path; use letters, digits, '.', '_', '-' and '/' between folders (rename the chart id or fix the fileName option).`,
          );
        }
      }
      const previous = owners.get(file);
      if (previous !== undefined && previous !== owner) {
        throw new Error(
          `HelmlessApp: ${previous} and ${owner} would both write '${file}${this.outputFileExtension}'; give one of them a different id (or fileName).`,
        );
      }
      owners.set(file, owner);
      files.set(file, [...(files.get(file) ?? []), ...objects]);
    };

    for (const chart of this.chartsInPathOrder()) {
      const objects = this.renderChart(chart);
      if (objects.length === 0) continue;
      switch (this.yamlOutputType) {
        case YamlOutputType.FILE_PER_APP:
          add('app', 'the app', objects);
          break;
        case YamlOutputType.FILE_PER_RESOURCE:
          for (const o of objects) add(resourceFileName(o.json), `construct '${o.apiObject.node.path}'`, [o]);
          break;
        case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: {
          const folder = this.fileNameOf(chart);
          for (const o of objects) add(`${folder}/${resourceFileName(o.json)}`, `construct '${o.apiObject.node.path}'`, [o]);
          break;
        }
        default:
          add(this.fileNameOf(chart), `chart '${chart.node.path}'`, objects);
      }
    }
    for (const objects of files.values()) objects.sort((a, b) => compareObjects(a.json, b.json));
    return new Map([...files.entries()].sort(([a], [b]) => cmp(a, b)));
  }

  /** Writes the YAML files (and the attribution sidecar when asked for). */
  public synth(): void {
    const files = this.render();
    fs.mkdirSync(this.outdir, { recursive: true });
    const sources: SynthesizedObjectSource[] = [];
    for (const [file, objects] of files) {
      const target = path.join(this.outdir, ...(file + this.outputFileExtension).split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, emitYaml(...objects.map((o) => o.json)));
      objects.forEach((o, documentIndex) => {
        const m = meta(o.json);
        sources.push({
          file: file + this.outputFileExtension,
          documentIndex,
          apiVersion: typeof o.json.apiVersion === 'string' ? o.json.apiVersion : undefined,
          kind: typeof o.json.kind === 'string' ? o.json.kind : undefined,
          namespace: m.namespace,
          name: m.name,
          constructPath: o.apiObject.node.path,
          sourceLocation: creationSiteOf(o.apiObject),
        });
      });
    }
    if (this.kustomization) this.writeKustomizations([...files.keys()].map((f) => f + this.outputFileExtension));
    const sidecar = process.env[SOURCES_FILE_ENV]
      || (process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true' ? defaultSourcesFileFor(this.outdir) : undefined);
    if (sidecar) {
      const body: SourcesFile = { version: 1, objects: sources };
      fs.writeFileSync(sidecar, JSON.stringify(body, null, 2) + '\n');
    }
  }

  /** One kustomization.yaml per folder that holds chart files, listing those files. */
  private writeKustomizations(files: readonly string[]): void {
    const byFolder = new Map<string, string[]>();
    for (const f of files) {
      const slash = f.lastIndexOf('/');
      const folder = slash < 0 ? '' : f.slice(0, slash);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), f.slice(slash + 1)]);
    }
    for (const [folder, names] of byFolder) {
      if (names.includes(KUSTOMIZATION_FILE)) {
        throw new Error(`HelmlessApp: a chart writes '${folder ? folder + '/' : ''}${KUSTOMIZATION_FILE}', which kustomization: true writes too; rename that chart (or its fileName).`);
      }
      const body = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...names].sort(cmp) };
      fs.writeFileSync(path.join(this.outdir, ...folder.split('/').filter(Boolean), KUSTOMIZATION_FILE), emitYaml(body));
    }
  }

  /** All charts, parents before children, siblings in construct-path order. */
  private chartsInPathOrder(): Chart[] {
    return this.node
      .findAll()
      .filter((c): c is Chart => Chart.isChart(c))
      .sort((a, b) => cmp(a.node.path, b.node.path));
  }

  private renderChart(chart: Chart): Rendered[] {
    return chart.node
      .findAll()
      .filter((c: IConstruct): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
      .map((apiObject) => ({ apiObject, json: apiObject.toJson() as Record<string, unknown> }));
  }

  private validateConstructs(): void {
    const errors: string[] = [];
    for (const c of this.node.findAll()) {
      for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
    }
    if (errors.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
  }
}
