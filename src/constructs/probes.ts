import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { checkInt, invalidProp } from './errors';
import type { Port } from './ports';
import { Duration } from './values';

/** Timing of a probe. */
export interface ProbeOptions {
  /**
   * The port to check (HTTP, TCP and gRPC probes): a Port object or the name of one of the
   * container's ports. The probe references it by name (gRPC: by number, which the API requires).
   * @default - the container's primary port
   */
  readonly port?: Port | string;
  /** @default - 5s for readiness, 15s for liveness, 0s for startup */
  readonly initialDelay?: Duration;
  /** @default - 10s for readiness and startup, 20s for liveness */
  readonly period?: Duration;
  /** @default 3s */
  readonly timeout?: Duration;
  /** @default - 3 (readiness, liveness), 30 (startup: up to 5 minutes at a 10s period) */
  readonly failureThreshold?: number;
  /** @default 1 (Kubernetes requires 1 for liveness and startup) */
  readonly successThreshold?: number;
}

type Handler =
  | { readonly kind: 'http'; readonly path: string; readonly scheme: 'HTTP' | 'HTTPS' }
  | { readonly kind: 'tcp' }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'grpc'; readonly service?: string };

/** Which of a container's probes. */
export type ProbeRole = 'readiness' | 'liveness' | 'startup';

const DEFAULTS: Record<ProbeRole, { initialDelay: number; period: number; failureThreshold: number }> = {
  readiness: { initialDelay: 5, period: 10, failureThreshold: 3 },
  liveness: { initialDelay: 15, period: 20, failureThreshold: 3 },
  startup: { initialDelay: 0, period: 10, failureThreshold: 30 },
};

/** A health check of a container: `Probe.http('/healthz')`, `Probe.tcp()`, `Probe.exec([...])`. */
export class Probe {
  /** An HTTP GET on `path` against a named port. */
  public static http(path: string = '/', options: ProbeOptions & { readonly scheme?: 'HTTP' | 'HTTPS' } = {}): Probe {
    return new Probe({ kind: 'http', path, scheme: options.scheme ?? 'HTTP' }, options);
  }
  /** A TCP connect to a named port. */
  public static tcp(options: ProbeOptions = {}): Probe {
    return new Probe({ kind: 'tcp' }, options);
  }
  /**
   * A gRPC health check (grpc.health.v1.Health/Check) against a port, for `service` (the empty
   * service name asks about the whole server).
   */
  public static grpc(options: ProbeOptions & { readonly service?: string } = {}): Probe {
    return new Probe({ kind: 'grpc', service: options.service }, options);
  }
  /** A command run in the container (exit 0 = healthy). No shell: use ['sh', '-c', '...'] for one. */
  public static exec(command: readonly string[], options: Omit<ProbeOptions, 'port'> = {}): Probe {
    return new Probe({ kind: 'exec', command }, options);
  }

  private constructor(private readonly handler: Handler, public readonly options: ProbeOptions) {}

  /** Whether the probe checks a port (HTTP/TCP) rather than running a command. */
  public get checksPort(): boolean { return this.handler.kind !== 'exec'; }

  /**
   * Renders the probe for `role` of a container with `ports`, checking `ports[0]` unless the probe
   * names its own port (which must be one of `ports`). `prop` names the probe in messages.
   */
  public render(scope: IConstruct, role: ProbeRole, ports: readonly Port[], prop: string = `${role}Probe`): k8s.Probe {
    const o = this.options;
    const d = DEFAULTS[role];
    checkInt(scope, `${prop} failureThreshold`, o.failureThreshold, 1);
    checkInt(scope, `${prop} successThreshold`, o.successThreshold, 1);
    if (role !== 'readiness' && o.successThreshold !== undefined && o.successThreshold !== 1) {
      invalidProp(scope, `${prop} successThreshold`, o.successThreshold, `must be 1 for a ${role} probe`, 'remove successThreshold');
    }
    if (o.timeout !== undefined && o.timeout.toSeconds() < 1) {
      invalidProp(scope, `${prop} timeout`, '0s', 'must be at least 1 second', 'use Duration.seconds(1) or more');
    }
    if (o.period !== undefined && o.period.toSeconds() < 1) {
      invalidProp(scope, `${prop} period`, '0s', 'must be at least 1 second', 'use Duration.seconds(1) or more');
    }
    const timing = {
      initialDelaySeconds: o.initialDelay?.toSeconds() ?? d.initialDelay,
      periodSeconds: o.period?.toSeconds() ?? d.period,
      timeoutSeconds: o.timeout?.toSeconds() ?? 3,
      successThreshold: o.successThreshold ?? 1,
      failureThreshold: o.failureThreshold ?? d.failureThreshold,
    };
    const h = this.handler;
    if (h.kind === 'exec') return { exec: { command: [...h.command] }, ...timing };
    const port = o.port === undefined ? ports[0] : ports.find((p) => p === o.port || p.name === o.port);
    if (o.port !== undefined && !port) {
      // The kubelet resolves a named port among the probed container's own ports only.
      invalidProp(scope, `${prop} port`, typeof o.port === 'string' ? o.port : o.port.name,
        `is not one of the container's ports (${ports.map((x) => x.name).join(', ') || 'none'})`, "name one of this container's ports");
    }
    if (!port) {
      invalidProp(scope, prop, h.kind, 'an HTTP, TCP or gRPC probe needs a port, and the container declares none',
        'add a port prop, or use Probe.exec([...])');
    }
    if (h.kind === 'grpc') {
      return { grpc: { port: port.number, ...(h.service !== undefined ? { service: h.service } : {}) }, ...timing };
    }
    if (h.kind === 'http') {
      if (!h.path.startsWith('/')) invalidProp(scope, `${prop} path`, h.path, "must start with '/'", `use '/${h.path}'`);
      return { httpGet: { path: h.path, port: port.ref(), scheme: h.scheme }, ...timing };
    }
    return { tcpSocket: { port: port.ref() }, ...timing };
  }
}
