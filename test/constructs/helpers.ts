import { Chart, Testing, Yaml } from 'cdk8s';

/** A fresh plain cdk8s Chart named 'test' in a fresh app. */
export function newChart(props: { namespace?: string } = {}): Chart {
  return new Chart(Testing.app(), 'test', props);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = any;

/** The chart's objects, as plain JSON. */
export function synth(chart: Chart): Obj[] {
  return Testing.synth(chart);
}

/** The chart's objects as readable multi-document YAML, for file snapshots. */
export function synthYaml(chart: Chart): string {
  return Yaml.stringify(...Testing.synth(chart));
}

/** The one object of `kind` (optionally named `name`); throws when absent or ambiguous. */
export function find(objects: Obj[], kind: string, name?: string): Obj {
  const hits = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (hits.length !== 1) throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${hits.length}`);
  return hits[0];
}

/** The first container of a workload object (Deployment/StatefulSet/DaemonSet/Job/CronJob). */
export function podSpec(o: Obj): Obj {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}
export function container(o: Obj): Obj {
  return podSpec(o).containers[0];
}
