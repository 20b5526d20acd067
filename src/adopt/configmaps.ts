/**
 * ConfigMaps the input's workloads read (env `configMapKeyRef`, `envFrom.configMapRef`, a
 * `configMap` volume) become helmless `ConfigMap` constructs, and the workloads refer to them by
 * object (`cm.key('K')`, `EnvFrom.configMap(cm)`, `Mount.configMap(cm, path)`), so a rename cannot
 * break a reference and a change rolls the pods. A ConfigMap is adopted only when the construct,
 * rendered, writes its exact name and data (new metadata labels aside); otherwise it stays a typed
 * object and the workloads keep their references as deployed.
 */
import { createHash } from 'crypto';
import { App } from 'cdk8s';
import { isRecord } from '../diff/secrets';
import { ConfigMap } from '../constructs/config-map';
import { HelmlessChart } from '../constructs/helmless-chart';
import { LABEL_COMPONENT, LABEL_PART_OF } from '../constructs/labels';
import { ChartSettings, chartOf, changes, objectKeyOf } from './objects';

type Obj = Record<string, any>;

/** A ConfigMap adopted as a construct. */
export interface AdoptedConfigMap {
  /** Object key of the input ConfigMap. */
  readonly key: string;
  readonly id: string;
  readonly props: Record<string, unknown>;
  readonly chart: ChartSettings;
  readonly dataKeys: readonly string[];
}

const CONTENT_HASH = /^(.+)-([0-9a-f]{10})$/;

/** The names of the ConfigMaps a pod reads. */
function configMapNamesOf(pod: Obj): Set<string> {
  const names = new Set<string>();
  for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])] as Obj[]) {
    for (const e of c.env ?? []) if (typeof e.valueFrom?.configMapKeyRef?.name === 'string') names.add(e.valueFrom.configMapKeyRef.name);
    for (const e of c.envFrom ?? []) if (typeof e.configMapRef?.name === 'string') names.add(e.configMapRef.name);
  }
  for (const v of pod?.volumes ?? []) if (typeof v.configMap?.name === 'string') names.add(v.configMap.name);
  return names;
}

function podOf(o: Obj): Obj | undefined {
  return o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
}

/** ConfigMap props that reproduce `o`, or undefined when the construct cannot write it. */
function propsOf(o: Obj, chart: ChartSettings): { id: string; props: Record<string, unknown> } | undefined {
  const keys = Object.keys(o).filter((k) => !['apiVersion', 'kind', 'metadata', 'data'].includes(k));
  if (keys.some((k) => !(k === 'immutable' && o.immutable === true))) return undefined; // binaryData, immutable: false
  if (o.data !== undefined && (!isRecord(o.data) || Object.values(o.data).some((v) => typeof v !== 'string'))) return undefined;
  const data = (o.data ?? {}) as Record<string, string>;
  const name = o.metadata.name as string;
  let id = name;
  const props: Record<string, unknown> = { data };
  if (o.immutable === true) {
    // Content-named as the construct names it ('<name>-<10 hex of the sorted data>'), or not at all.
    const m = CONTENT_HASH.exec(name);
    const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
    if (!m || createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 10) !== m[2]) return undefined;
    id = m[1];
    props.immutable = true;
  }
  const labels = (o.metadata.labels ?? {}) as Record<string, string>;
  if (labels[LABEL_COMPONENT] !== undefined && labels[LABEL_COMPONENT] !== 'config') props.component = labels[LABEL_COMPONENT];
  if (labels[LABEL_PART_OF] !== undefined && labels[LABEL_PART_OF] !== chart.partOf) props.partOf = labels[LABEL_PART_OF];
  const own = Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('app.kubernetes.io/')));
  if (Object.keys(own).length > 0) props.labels = own;
  return { id, props };
}

/** Renders the ConfigMap construct in a scratch chart: its one object, or undefined when it refuses the props. */
function render(cm: AdoptedConfigMap): Obj | undefined {
  try {
    const c = new HelmlessChart(new App({ outdir: '/nonexistent-helmless-adopt' }), cm.chart.instance, { ...cm.chart });
    new ConfigMap(c, cm.id, cm.props as never);
    return c.toJson()[0] as Obj;
  } catch {
    return undefined;
  }
}

/** Creates the adopted ConfigMap `cm` in `chart` (the recognizer's scratch charts, before the workload). */
export function createConfigMap(chart: HelmlessChart, cm: AdoptedConfigMap): ConfigMap {
  return new ConfigMap(chart, cm.id, cm.props as never);
}

/** The ConfigMaps of the input that the workloads read and the construct reproduces exactly. */
export class ConfigMapIndex {
  private readonly byKey = new Map<string, AdoptedConfigMap>();

  constructor(objects: readonly Obj[]) {
    const read = new Set<string>();
    for (const o of objects) {
      const pod = podOf(o);
      if (!pod) continue;
      for (const n of configMapNamesOf(pod)) read.add(objectKeyOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: o.metadata?.namespace, name: n } }));
    }
    for (const o of objects) {
      if (o.apiVersion !== 'v1' || o.kind !== 'ConfigMap' || !read.has(objectKeyOf(o))) continue;
      const chart = chartOf(o);
      const derived = propsOf(o, chart);
      if (!derived) continue;
      const cm: AdoptedConfigMap = { key: objectKeyOf(o), ...derived, chart, dataKeys: Object.keys(o.data ?? {}) };
      const rendered = render(cm);
      if (rendered && objectKeyOf(rendered) === cm.key && changes(rendered, o).size === 0) this.byKey.set(cm.key, cm);
    }
  }

  public get(key: string): AdoptedConfigMap | undefined { return this.byKey.get(key); }
  public get all(): readonly AdoptedConfigMap[] { return [...this.byKey.values()]; }

  /** The ConfigMaps a workload of `chart` refers to by object (same chart: same namespace and instance). */
  public in(chart: ChartSettings): AdoptedConfigMaps {
    const keyOf = (name: string) => objectKeyOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: chart.namespace, name } });
    const of = (name: string) => {
      const cm = this.byKey.get(keyOf(name));
      return cm && JSON.stringify(cm.chart) === JSON.stringify(chart) ? cm : undefined;
    };
    return {
      has: (name, key) => { const cm = of(name); return cm !== undefined && (key === undefined || cm.dataKeys.includes(key)); },
      keyOf,
    };
  }
}

/** The adopted ConfigMaps a workload can refer to. */
export interface AdoptedConfigMaps {
  /** Whether the ConfigMap `name` (and its `key`, when given) is adopted in the workload's chart. */
  has(name: string, key?: string): boolean;
  /** Its object key (what the props' calls carry). */
  keyOf(name: string): string;
}

/**
 * The main container's configMap volumes as `Mount.configMap` options (volume name, path, items,
 * mode kept), when every such volume is adopted; the other volumes stay as deployed.
 */
export function configMapMountsOf(pod: Obj, container: Obj, cms: AdoptedConfigMaps): { mount: Obj; volume: Obj }[] {
  const volumes = new Map<string, Obj>(((pod.volumes ?? []) as Obj[]).map((v) => [v.name, v]));
  const out: { mount: Obj; volume: Obj }[] = [];
  for (const m of (container.volumeMounts ?? []) as Obj[]) {
    const v = volumes.get(m.name);
    if (!v?.configMap || Object.keys(v).length !== 2 || !cms.has(v.configMap.name)) continue;
    if (Object.keys(v.configMap).some((k) => !['name', 'items', 'defaultMode'].includes(k))) continue;
    if (Object.keys(m).some((k) => !['name', 'mountPath', 'readOnly', 'subPath'].includes(k))) continue;
    out.push({ mount: m, volume: v });
  }
  return out;
}
