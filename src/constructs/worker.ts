import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { suppressionAnnotation } from '../validate/policy/catalogue';
import { Rollout, renderScaling } from './availability';
import { KedaScaledProps, ScaledObject, renderScaledObject, resolveScaledRollout } from './keda';
import { Port, PortSpec, checkDistinctPorts } from './ports';
import { Probe } from './probes';
import { PlacementProps, Workload, WorkloadProps, renderPlacement } from './workload';

/** Props of a {@link Worker}. */
export interface WorkerProps extends WorkloadProps, PlacementProps, KedaScaledProps {
  /**
   * A container port (e.g. a health or metrics endpoint), named 'http' unless given a name. No
   * Service is created: a worker takes no traffic.
   * @default - no port
   */
  readonly port?: PortSpec;
  /**
   * More named container ports.
   * @default - none
   */
  readonly ports?: readonly PortSpec[];
  /**
   * Readiness probe: a rollout waits for new pods to pass it before it stops old ones.
   * @default - none: a worker without a port is ready once its container runs; give
   * `Probe.exec([...])` (or an HTTP probe on `port`) to let a rollout wait for a healthy worker
   */
  readonly readiness?: Probe | false;
  /**
   * Liveness probe: a pod failing it is restarted (a worker stuck on a queue).
   * @default - none
   */
  readonly liveness?: Probe | false;
}

/** Why a Worker without `readiness` carries no readiness probe (the lint suppression's reason). */
export const WORKER_NO_READINESS_REASON =
  'a Worker takes no traffic: without a readiness probe a pod counts as ready once its container runs (set readiness to make rollouts wait for a healthy worker)';
/** Why a Worker without `liveness` carries no liveness probe. */
export const WORKER_NO_LIVENESS_REASON =
  'no health check was given for this worker: a hung process is not restarted (set liveness, e.g. Probe.exec([...]), to restart it)';

/**
 * A long-running background process with no Service (queue consumers, schedulers, mailers): a
 * Deployment (+ HPA, PDB) with the same labels, ServiceAccount, restricted security and config
 * wiring as the other workloads.
 */
export class Worker extends Workload {
  /** The primary port, when one is declared. */
  public readonly port?: Port;
  /** All container ports, primary first. */
  public readonly ports: readonly Port[];
  /** The replica count written to the Deployment, undefined when an HPA owns it. */
  public readonly replicas: number | undefined;
  /** The resolved replicas, autoscaling and rolling update settings. */
  public readonly rollout: Rollout;
  public readonly deployment: k8s.KubeDeployment;
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The KEDA ScaledObject (`scaledObject`), which then owns the replica count. */
  public readonly scaledObject?: ScaledObject;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id, props, { component: 'worker', kindName: 'Deployment', nameRule: 'dns1123-label', propsName: 'WorkerProps' });
    recordCreationSite(this);
    this.port = props.port !== undefined ? Port.of(this, 'port', props.port, 'http') : undefined;
    const extra = (props.ports ?? []).map((p, i) => Port.of(this, `ports[${i}]`, p));
    this.ports = this.port ? [this.port, ...extra] : extra;
    checkDistinctPorts(this, this.ports);
    this.rollout = resolveScaledRollout(this, props, 1);
    this.replicas = this.rollout.replicas;

    const template = this.podTemplate({
      ports: this.ports,
      readiness: props.readiness || undefined,
      liveness: props.liveness || undefined,
      maxPods: this.rollout.maxPods,
      ...renderPlacement(this, props),
    });
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: this.metadata('Deployment', this.name, { annotations: { ...this.workloadAnnotations(), ...this.acceptedProbeFindings(props) } }),
      spec: {
        ...(this.replicas !== undefined ? { replicas: this.replicas } : {}),
        revisionHistoryLimit: this.rollout.revisionHistoryLimit,
        selector: { matchLabels: { ...this.selector } },
        strategy: this.rollout.strategy,
        template,
      },
    });
    this.keepHelmlessAnnotations(this.deployment);
    ({ hpa: this.hpa, pdb: this.pdb } = renderScaling(this, props, this.rollout, this.deployment, (kind) => this.metadata(kind, this.name)));
    this.scaledObject = renderScaledObject(this, props.scaledObject, this.deployment, () => this.metadata('ScaledObject', this.name));
    this.keepAsDeployed();
  }

  /**
   * The documented default (no probes: nothing to check on a worker without a port) is not a lint
   * finding: the Deployment says so where the linter looks (its own annotations, so the pod
   * template, and an adopted one, stay as they are), unless the user wrote a suppression.
   */
  private acceptedProbeFindings(props: WorkerProps): Record<string, string> {
    const accepted: Record<string, string> = {};
    if (props.readiness === undefined && !props.suppressions?.['readiness-probe-missing']) accepted[suppressionAnnotation('readiness-probe-missing')] = WORKER_NO_READINESS_REASON;
    if (props.liveness === undefined && !props.suppressions?.['liveness-probe-missing']) accepted[suppressionAnnotation('liveness-probe-missing')] = WORKER_NO_LIVENESS_REASON;
    return accepted;
  }
}
