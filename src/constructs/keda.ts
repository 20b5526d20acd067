// KEDA ScaledObjects (keda.sh/v1alpha1) for Workers: scale on a queue's length or a schedule.
// When a ScaledObject owns the replicas, the Deployment does not set them. A trigger that reads
// a backend the worker is connected to takes host, port and password from the worker's own
// connection env vars (KEDA's `*FromEnv`), and the KEDA operator's pods are admitted to that
// backend by the derived NetworkPolicies. A typed plain ApiObject with interfaces of our own.
import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { cronSchedule } from '../validate/rules/syntax';
import { Rollout, RolloutProps, resolveRollout } from './availability';
import { IConnectable } from './connections';
import { checkInt, checkSyntax, invalidProp } from './errors';
import { allowFromNamespace } from './network-policy';
import { Duration } from './values';
import type { Workload } from './workload';

/** The spec helmless renders for a ScaledObject. */
export interface ScaledObjectSpec {
  readonly scaleTargetRef: { readonly apiVersion?: string; readonly kind?: string; readonly name: string };
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly pollingInterval?: number;
  readonly cooldownPeriod?: number;
  readonly triggers: readonly { readonly type: string; readonly metadata: Readonly<Record<string, string>> }[];
}

/** A KEDA ScaledObject (keda.sh/v1alpha1). */
export class ScaledObject extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' };
  constructor(scope: Construct, id: string, props: { readonly metadata: ApiObjectMetadata; readonly spec: ScaledObjectSpec }) {
    super(scope, id, { ...ScaledObject.GVK, metadata: props.metadata, spec: props.spec });
  }
}

/** Where the KEDA operator runs: its pods query the queues, so policies admit them to the backend. */
export interface KedaOperatorPods {
  /** @default 'keda' */
  readonly namespace?: string;
  /** @default { 'app.kubernetes.io/name': 'keda-operator' } (the KEDA Helm chart's label) */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One trigger of a ScaledObject: `KedaTrigger.redisList(...)`, `KedaTrigger.cron(...)`, `KedaTrigger.custom(...)`. */
export class KedaTrigger {
  /**
   * Scale on the length of a redis list the worker consumes: about one replica per `listLength`
   * items. `backend` must be one of the worker's connections; KEDA reads host, port (and the
   * password, when the backend has one) from the worker's connection env vars.
   */
  public static redisList(backend: IConnectable, options: { readonly listName: string; readonly listLength: number }): KedaTrigger {
    return new KedaTrigger('redis', { listName: options.listName, listLength: String(options.listLength) }, backend, options.listLength);
  }

  /**
   * Keep `desiredReplicas` between the `start` and `end` cron times (5-field schedules) in `timezone`.
   */
  public static cron(options: { readonly timezone: string; readonly start: string; readonly end: string; readonly desiredReplicas: number }): KedaTrigger {
    return new KedaTrigger('cron', {
      timezone: options.timezone, start: options.start, end: options.end, desiredReplicas: String(options.desiredReplicas),
    }, undefined, options.desiredReplicas);
  }

  /** Any other KEDA scaler, metadata as KEDA documents it (no secrets: use a TriggerAuthentication). */
  public static custom(type: string, metadata: Readonly<Record<string, string>>): KedaTrigger {
    return new KedaTrigger(type, { ...metadata }, undefined, 1);
  }

  private constructor(
    public readonly type: string,
    public readonly metadata: Readonly<Record<string, string>>,
    /** The backend the trigger reads, when it is one of the worker's connections. */
    public readonly backend: IConnectable | undefined,
    private readonly count: number,
  ) {}

  /** Checks the trigger for `w` and renders it. @internal */
  public _render(w: Workload, prop: string, keda: Required<KedaOperatorPods>): { type: string; metadata: Record<string, string> } {
    if (!/^[a-z][a-z0-9-]*$/.test(this.type)) invalidProp(w, `${prop}.type`, this.type, 'must be a KEDA scaler type', "use e.g. 'rabbitmq'");
    const metadata: Record<string, string> = { ...this.metadata };
    if (this.type === 'cron') {
      checkInt(w, `${prop}.desiredReplicas`, this.count, 1);
      for (const k of ['start', 'end'] as const) checkSyntax(w, `${prop}.${k}`, metadata[k], cronSchedule(metadata[k]), "use 5 fields, e.g. '0 8 * * 1-5'");
      if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(metadata.timezone)) invalidProp(w, `${prop}.timezone`, metadata.timezone, 'must be an IANA time zone name', "use 'Europe/Berlin'");
    }
    if (this.type === 'redis') {
      checkInt(w, `${prop}.listLength`, this.count, 1);
      if (!metadata.listName) invalidProp(w, `${prop}.listName`, metadata.listName, 'must name the list', "use listName: 'mail'");
    }
    if (this.backend) {
      const conn = w.connections.find((c) => c.to === this.backend);
      if (!conn) {
        invalidProp(w, prop, this.backend.name, `reads '${this.backend.name}', which is not one of the worker's connections`, `add ${this.backend.name} to connections`);
      }
      if (conn.env[`${conn.envPrefix}_HOST`] === undefined) {
        invalidProp(w, prop, this.backend.name, `reads ${conn.envPrefix}_HOST, which the connection to '${this.backend.name}' does not write (its env option replaces it)`, `add ${conn.envPrefix}_HOST: '{host}' and ${conn.envPrefix}_PORT: '{port}' to the connection's env`);
      }
      metadata.hostFromEnv = `${conn.envPrefix}_HOST`;
      metadata.portFromEnv = `${conn.envPrefix}_PORT`;
      if (conn.env[`${conn.envPrefix}_PASSWORD`] !== undefined) metadata.passwordFromEnv = `${conn.envPrefix}_PASSWORD`;
      const endpoint = conn.endpoint;
      if (endpoint.kind === 'pods') allowFromNamespace(endpoint.target, 'KEDA operator', keda.namespace, keda.labels, endpoint.port);
    }
    return { type: this.type, metadata: Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }
}

/** Options of a KEDA ScaledObject of a Worker. */
export interface KedaScalingOptions {
  /**
   * Fewest replicas; 0 lets KEDA stop every pod while the triggers are idle.
   * @default 1
   */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** What to scale on (at least one). */
  readonly triggers: readonly KedaTrigger[];
  /**
   * How often KEDA checks the triggers.
   * @default - KEDA's default (30s)
   */
  readonly pollingInterval?: Duration;
  /**
   * How long after the last active trigger KEDA scales to `minReplicas` 0.
   * @default - KEDA's default (5 minutes)
   */
  readonly cooldownPeriod?: Duration;
  /**
   * Where the KEDA operator runs (admitted to the backends its triggers read).
   * @default - namespace 'keda', pods labelled app.kubernetes.io/name=keda-operator
   */
  readonly operatorPods?: KedaOperatorPods;
}

/** Props that scale a Deployment with KEDA. */
export interface KedaScaledProps extends RolloutProps {
  /**
   * A KEDA ScaledObject (queue length, cron...) owning the replica count, instead of `replicas`
   * or `autoscaling`.
   * @default - no ScaledObject
   */
  readonly scaledObject?: KedaScalingOptions;
}

/** The rollout of a Deployment whose replicas a ScaledObject may own (then `replicas` is unset). */
export function resolveScaledRollout(w: Workload, props: KedaScaledProps, defaultReplicas: number): Rollout {
  const k = props.scaledObject;
  if (!k) return resolveRollout(w, props, defaultReplicas);
  if (props.autoscaling) invalidProp(w, 'scaledObject', 'ScaledObject', 'an HPA (autoscaling) and a KEDA ScaledObject would both own the replica count', 'keep one of autoscaling and scaledObject');
  if (props.replicas !== undefined) {
    invalidProp(w, 'replicas', props.replicas, 'the KEDA ScaledObject owns the replica count (a fixed count would fight it on every sync)', 'remove replicas and set scaledObject.minReplicas');
  }
  checkInt(w, 'scaledObject.minReplicas', k.minReplicas, 0);
  checkInt(w, 'scaledObject.maxReplicas', k.maxReplicas, 1);
  const min = k.minReplicas ?? 1;
  if (k.maxReplicas < min) invalidProp(w, 'scaledObject.maxReplicas', k.maxReplicas, `must be >= minReplicas (${min})`, `raise maxReplicas to at least ${min}`);
  const r = resolveRollout(w, { ...props, replicas: Math.max(min, 1) }, defaultReplicas);
  return { ...r, replicas: undefined, minReplicas: min, maxPods: k.maxReplicas };
}

/** The ScaledObject of `w` scaling `deployment`, when `options` are given. */
export function renderScaledObject(w: Workload, options: KedaScalingOptions | undefined, deployment: k8s.KubeDeployment, metadata: () => ApiObjectMetadata): ScaledObject | undefined {
  if (!options) return undefined;
  if (!options.triggers || options.triggers.length === 0) invalidProp(w, 'scaledObject.triggers', options.triggers, 'needs at least one trigger', "use triggers: [KedaTrigger.redisList(cache, { listName: 'mail', listLength: 20 })]");
  const keda = { namespace: options.operatorPods?.namespace ?? 'keda', labels: options.operatorPods?.labels ?? { 'app.kubernetes.io/name': 'keda-operator' } };
  const triggers = options.triggers.map((t, i) => {
    if (!(t instanceof KedaTrigger)) invalidProp(w, `scaledObject.triggers[${i}]`, t, 'must be a KedaTrigger', 'use KedaTrigger.redisList(...), KedaTrigger.cron(...) or KedaTrigger.custom(...)');
    return t._render(w, `scaledObject.triggers[${i}]`, keda);
  });
  const polling = options.pollingInterval?.toSeconds();
  const cooldown = options.cooldownPeriod?.toSeconds();
  if (polling !== undefined && polling < 1) invalidProp(w, 'scaledObject.pollingInterval', `${polling}s`, 'must be at least 1 second', 'use Duration.seconds(30)');
  return new ScaledObject(w, 'scaled-object', {
    metadata: metadata(),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name },
      minReplicaCount: options.minReplicas ?? 1,
      maxReplicaCount: options.maxReplicas,
      ...(polling !== undefined ? { pollingInterval: polling } : {}),
      ...(cooldown !== undefined ? { cooldownPeriod: cooldown } : {}),
      triggers,
    },
  });
}
