import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { portName } from '../validate/rules/syntax';
import { checkInt, checkSyntax } from './errors';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Options of one container port. */
export interface PortOptions {
  /**
   * The port's name: Services and probes refer to the port by this name.
   * @default - the construct's default name for its primary port ('http' for WebService,
   * the engine name for StatefulDb, 'metrics' for DaemonAgent); extra ports require a name
   */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: Protocol;
  /**
   * The port the Service exposes (its `port`); the Service's targetPort is always the name.
   * @default - the container port number
   */
  readonly servicePort?: number;
  /**
   * A fixed node port for a NodePort/LoadBalancer Service.
   * @default - Kubernetes allocates one
   */
  readonly nodePort?: number;
  /**
   * Whether the Service(s) of the construct expose this port.
   * @default true
   */
  readonly expose?: boolean;
}

/** A port prop: a number, or a number with options. */
export type PortSpec = number | (PortOptions & { readonly port: number });

/**
 * A named container port. Services target it by name and probes check it by name, so the
 * number is written once and renaming the port cannot break a reference.
 */
export class Port {
  /** Checks and builds a port for the construct at `scope`. */
  public static of(scope: IConstruct, prop: string, spec: PortSpec, defaultName?: string): Port {
    const number = typeof spec === 'number' ? spec : spec.port;
    const options: PortOptions = typeof spec === 'number' ? {} : spec;
    checkInt(scope, prop, number, 1, 65535);
    const name = options.name ?? defaultName;
    if (name === undefined) {
      checkSyntax(scope, `${prop} name`, '', ['a name is required for every port but the primary one'], "add name: 'metrics' (<= 15 lower-case letters, digits, '-')");
    }
    checkSyntax(scope, `${prop} name`, name!, portName(name!), "use <= 15 lower-case letters, digits and '-', with at least one letter, e.g. 'http' or 'metrics'");
    checkInt(scope, `${prop} servicePort`, options.servicePort, 1, 65535);
    checkInt(scope, `${prop} nodePort`, options.nodePort, 1, 65535);
    const protocol = options.protocol ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) {
      checkSyntax(scope, `${prop} protocol`, protocol, ['must be TCP, UDP or SCTP'], "use protocol: 'TCP'");
    }
    return new Port(name!, number, protocol, options.servicePort ?? number, options.nodePort, options.expose ?? true);
  }

  private constructor(
    public readonly name: string,
    public readonly number: number,
    public readonly protocol: Protocol,
    public readonly servicePort: number,
    public readonly nodePort: number | undefined,
    public readonly expose: boolean,
  ) {}

  /** The container port entry. */
  public toContainerPort(hostPort?: boolean): k8s.ContainerPort {
    return {
      name: this.name,
      containerPort: this.number,
      protocol: this.protocol,
      ...(hostPort ? { hostPort: this.number } : {}),
    };
  }

  /** The Service port entry, targeting the container port by name. */
  public toServicePort(withNodePort: boolean): k8s.ServicePort {
    return {
      name: this.name,
      port: this.servicePort,
      targetPort: k8s.IntOrString.fromString(this.name),
      protocol: this.protocol,
      ...(withNodePort && this.nodePort !== undefined ? { nodePort: this.nodePort } : {}),
    };
  }

  /** A reference to this port by name, for probes and Ingress backends. */
  public ref(): k8s.IntOrString {
    return k8s.IntOrString.fromString(this.name);
  }
}

/** Checks that no two ports share a name or number+protocol. */
export function checkDistinctPorts(scope: IConstruct, ports: readonly Port[]): void {
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const p of ports) {
    if (names.has(p.name)) checkSyntax(scope, 'port name', p.name, ['is used by two ports'], 'give each port its own name');
    const key = `${p.number}/${p.protocol}`;
    if (numbers.has(key)) checkSyntax(scope, 'port', String(p.number), [`${p.protocol} port is declared twice`], 'declare each port once');
    names.add(p.name);
    numbers.add(key);
  }
}
