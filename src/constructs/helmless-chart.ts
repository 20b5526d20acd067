import { Chart, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { DerivedNetworkPolicies, NetworkPolicyOptions } from './network-policy';
import type { SecretSource } from './secrets';

/** Props of a {@link HelmlessChart}. */
export interface HelmlessChartProps extends ChartProps {
  /**
   * The `app.kubernetes.io/part-of` label of every workload in the chart: the application they
   * make up together.
   * @default - the chart's construct id
   */
  readonly partOf?: string;
  /**
   * The `app.kubernetes.io/instance` label of every workload in the chart (and half of their
   * selectors): tells two installations of the same application apart.
   * @default - the chart's construct id
   */
  readonly instance?: string;
  /**
   * Derive NetworkPolicies from the wiring: default-deny for the chart's pods, then exactly the
   * edges the constructs know (Ingress controller -> WebService, client -> the database it is
   * wired to, Prometheus -> metrics ports, DNS egress). `true` or options.
   * @default false (no NetworkPolicies)
   */
  readonly networkPolicies?: boolean | NetworkPolicyOptions;
  /**
   * Registry credentials every workload of the chart pulls with (a workload's own
   * `imagePullSecrets` replace them).
   * @default - none
   */
  readonly imagePullSecrets?: readonly SecretSource[];
  /**
   * A registry (mirror) every image of the chart is pulled through (a workload's own
   * `imageRegistry` wins): it replaces each image's registry host.
   * @default - the images as written
   */
  readonly imageRegistry?: string;
}

/**
 * A cdk8s Chart with helmless's shared defaults. Every helmless construct also works in a plain
 * `Chart`; there the chart's id serves as instance and part-of.
 */
export class HelmlessChart extends Chart {
  /** The nearest HelmlessChart above `scope`, or undefined in a plain Chart. */
  public static helmlessOf(scope: IConstruct): HelmlessChart | undefined {
    const chart: Chart = Chart.of(scope);
    return chart instanceof HelmlessChart ? (chart as HelmlessChart) : undefined;
  }

  public readonly partOf: string;
  public readonly instance: string;
  /** The derived NetworkPolicies, when `networkPolicies` is set. */
  public readonly networkPolicies?: DerivedNetworkPolicies;
  /** The chart-wide registry credentials. */
  public readonly imagePullSecrets?: readonly SecretSource[];
  /** The chart-wide registry mirror. */
  public readonly imageRegistry?: string;

  constructor(scope: Construct, id: string, props: HelmlessChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    this.partOf = props.partOf ?? id;
    this.instance = props.instance ?? id;
    this.imagePullSecrets = props.imagePullSecrets;
    this.imageRegistry = props.imageRegistry;
    if (props.networkPolicies) {
      const options = props.networkPolicies === true ? {} : props.networkPolicies;
      this.networkPolicies = new DerivedNetworkPolicies(this, 'network-policies', { ...options, instance: this.instance, partOf: this.partOf });
    }
  }
}
