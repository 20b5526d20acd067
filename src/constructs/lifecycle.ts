import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { invalidProp } from './errors';
import type { Port } from './ports';
import { servesFeature } from './target-version';
import { Duration } from './values';

/**
 * What a container does before it is stopped (`preStop`): `Hook.sleep(Duration.seconds(5))`
 * (lets load balancers drop the pod before it stops accepting connections), `Hook.exec([...])`
 * or `Hook.http('/drain')`. The pod's terminationGracePeriod covers the hook and the shutdown.
 */
export class Hook {
  /** A command run in the container. No shell: use ['sh', '-c', '...'] for one. */
  public static exec(command: readonly string[]): Hook {
    return new Hook({ kind: 'exec', command });
  }
  /** An HTTP GET against one of the container's ports (by object or name; the primary port by default). */
  public static http(path: string, options: { readonly port?: Port | string; readonly scheme?: 'HTTP' | 'HTTPS' } = {}): Hook {
    return new Hook({ kind: 'http', path, port: options.port, scheme: options.scheme ?? 'HTTP' });
  }
  /**
   * A pause done by the kubelet itself (no `sleep` binary needed in the image): Kubernetes 1.30
   * and newer. On older versions use `Hook.exec(['sleep', '5'])` where the image has one.
   */
  public static sleep(duration: Duration): Hook {
    return new Hook({ kind: 'sleep', seconds: duration.toSeconds() });
  }

  private constructor(
    private readonly handler:
      | { readonly kind: 'exec'; readonly command: readonly string[] }
      | { readonly kind: 'http'; readonly path: string; readonly port?: Port | string; readonly scheme: 'HTTP' | 'HTTPS' }
      | { readonly kind: 'sleep'; readonly seconds: number },
  ) {}

  /** Seconds the hook pauses for (sleep hooks), else 0. */
  public get sleepSeconds(): number { return this.handler.kind === 'sleep' ? this.handler.seconds : 0; }

  /** Renders the handler for a container with `ports`; `prop` names it in messages. */
  public render(scope: IConstruct, prop: string, ports: readonly Port[]): k8s.LifecycleHandler {
    const h = this.handler;
    if (h.kind === 'exec') {
      if (h.command.length === 0) invalidProp(scope, prop, [], 'an exec hook needs a command', "use Hook.exec(['/app/drain'])");
      return { exec: { command: [...h.command] } };
    }
    if (h.kind === 'sleep') {
      if (!servesFeature(scope, 'sleepAction')) {
        invalidProp(scope, prop, `sleep ${h.seconds}s`, 'the sleep action is served from Kubernetes 1.30 (the target version is older)',
          "use Hook.exec(['sleep', '5']) where the image has a sleep binary, or raise the target version");
      }
      if (h.seconds < 1) invalidProp(scope, prop, `sleep ${h.seconds}s`, 'must sleep at least 1 second', 'use Hook.sleep(Duration.seconds(5))');
      return { sleep: { seconds: h.seconds } };
    }
    if (!h.path.startsWith('/')) invalidProp(scope, `${prop} path`, h.path, "must start with '/'", `use '/${h.path}'`);
    const port = h.port === undefined ? ports[0] : ports.find((p) => p === h.port || p.name === h.port);
    if (!port) {
      invalidProp(scope, `${prop} port`, typeof h.port === 'object' ? h.port.name : h.port,
        `an HTTP hook needs one of the container's ports (${ports.map((p) => p.name).join(', ') || 'none'})`, "add a port, or use Hook.exec([...])");
    }
    return { httpGet: { path: h.path, port: port.ref(), scheme: h.scheme } };
  }
}
