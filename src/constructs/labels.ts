import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { labelValue } from '../validate/rules/syntax';
import { checkSyntax } from './errors';
import { HelmlessChart } from './helmless-chart';

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'helmless';

/** The standard `app.kubernetes.io/*` identity of one workload. */
export interface WorkloadIdentity {
  readonly name: string;
  readonly instance: string;
  readonly version?: string;
  readonly component: string;
  readonly partOf: string;
}

/** Props every construct shares for its labels. */
export interface LabelProps {
  /**
   * `app.kubernetes.io/component` of the workload.
   * @default - the construct kind's role: 'server' (WebService), 'database' (StatefulDb),
   * 'job' (WorkerJob), 'cronjob' (Cron), 'agent' (DaemonAgent)
   */
  readonly component?: string;
  /**
   * `app.kubernetes.io/part-of`.
   * @default - the HelmlessChart's partOf, else the chart id
   */
  readonly partOf?: string;
  /**
   * Extra labels for every object of the construct and its pods (never used in selectors).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Resolves and checks the identity of a workload named `name` created at `scope`. */
export function resolveIdentity(
  scope: IConstruct, name: string, version: string | undefined, props: LabelProps, defaultComponent: string,
): WorkloadIdentity {
  const chart = Chart.of(scope);
  const hchart = HelmlessChart.helmlessOf(scope);
  const instance = hchart?.instance ?? chart.node.id;
  const partOf = props.partOf ?? hchart?.partOf ?? chart.node.id;
  const component = props.component ?? defaultComponent;
  const fix = 'use at most 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit';
  checkSyntax(scope, 'instance (the chart id)', instance, labelValue(instance), `${fix} in the chart id, or set HelmlessChart instance`);
  checkSyntax(scope, 'partOf', partOf, labelValue(partOf), fix);
  checkSyntax(scope, 'component', component, labelValue(component), fix);
  if (version !== undefined) checkSyntax(scope, 'version (from the image tag)', version, labelValue(version), fix);
  return { name, instance, version: version || undefined, component, partOf };
}

/** The labels that select the workload's pods: name + instance only (selectors are immutable). */
export function selectorLabels(id: WorkloadIdentity): Record<string, string> {
  return { [LABEL_NAME]: id.name, [LABEL_INSTANCE]: id.instance };
}

/** All standard labels, for every object and pod template of the workload. */
export function standardLabels(id: WorkloadIdentity, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const labels: Record<string, string> = { ...extra, ...selectorLabels(id) };
  if (id.version) labels[LABEL_VERSION] = id.version;
  labels[LABEL_COMPONENT] = id.component;
  labels[LABEL_PART_OF] = id.partOf;
  labels[LABEL_MANAGED_BY] = MANAGED_BY;
  return labels;
}
