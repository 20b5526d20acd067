import { Chart, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

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

  constructor(scope: Construct, id: string, props: HelmlessChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    this.partOf = props.partOf ?? id;
    this.instance = props.instance ?? id;
  }
}
