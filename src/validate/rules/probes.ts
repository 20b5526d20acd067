// Probe and lifecycle handlers of containers.
import { arr, Ctx, obj, Obj } from './context';
import { enumCheck, enumOk, nonNegativeField, portInRange, portRefAt } from './common';

export const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

export const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

const SCHEMES = ['HTTP', 'HTTPS'];

export function checkHandler(ctx: Ctx, path: string, h: Obj, handlers: readonly string[], rule: string): void {
  let count = 0;
  for (let idx = 0; idx < handlers.length; idx++) {
    const k = handlers[idx];
    if (h[k] !== undefined && h[k] !== null) count++;
  }
  if (count !== 1) handlerCount(ctx, path, h, handlers, rule);
  const http = obj(h.httpGet);
  if (http) {
    if (http.port === undefined) ctx.error(rule, `${path}.httpGet.port`, 'Required value', 'set the port number or name');
    else portRefAt(ctx, rule, path, 'httpGet.port', http.port);
    if (!enumOk(http.scheme, SCHEMES)) enumCheck(ctx, rule, `${path}.httpGet.scheme`, http.scheme, SCHEMES);
    // (a relative path is accepted by the API server; the kubelet requests a relative URL: not an API error)
  }
  const tcp = obj(h.tcpSocket);
  if (tcp) {
    if (tcp.port === undefined) ctx.error(rule, `${path}.tcpSocket.port`, 'Required value', 'set the port number or name');
    else portRefAt(ctx, rule, path, 'tcpSocket.port', tcp.port);
  }
  const grpc = obj(h.grpc);
  if (grpc && typeof grpc.port === 'number' && !portInRange(grpc.port)) {
    ctx.error(rule, `${path}.grpc.port`, `Invalid value: ${grpc.port}: must be between 1 and 65535, inclusive`);
  }
  const exec = obj(h.exec);
  if (exec && arr(exec.command).length === 0) {
    ctx.error(rule, `${path}.exec.command`, 'Required value', 'give the command to run, e.g. ["cat", "/tmp/healthy"]');
  }
}

/** No handler, or more than one. */
function handlerCount(ctx: Ctx, path: string, h: Obj, handlers: readonly string[], rule: string): void {
  const present = handlers.filter((k) => h[k] !== undefined && h[k] !== null);
  if (present.length === 0) {
    ctx.error(rule, path, `Required value: must specify a handler type`, `set exactly one of ${handlers.join(', ')}`);
  } else if (present.length > 1) {
    ctx.error(rule, `${path}.${present[1]}`, `Forbidden: may not specify more than 1 handler type (found ${present.join(', ')})`,
      `keep only one of ${present.join(', ')}`);
  }
}

const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

export function checkProbe(ctx: Ctx, path: string, p: Obj, kind: 'liveness' | 'readiness' | 'startup'): void {
  checkHandler(ctx, path, p, PROBE_HANDLERS, 'probe');
  for (let idx = 0; idx < PROBE_COUNTS.length; idx++) {
    const f = PROBE_COUNTS[idx];
    nonNegativeField(ctx, 'probe', path, p, f);
  }
  if (kind !== 'readiness' && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    ctx.error('probe', `${path}.successThreshold`, `Invalid value: ${p.successThreshold}: must be 1`,
      `${kind} probes only support successThreshold 1; remove it or set 1`);
  }
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds !== null) {
    ctx.error('probe', `${path}.terminationGracePeriodSeconds`, 'Invalid value: must not be set for readinessProbes',
      'remove terminationGracePeriodSeconds from the readiness probe');
  }
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    ctx.error('probe', `${path}.terminationGracePeriodSeconds`,
      `Invalid value: ${p.terminationGracePeriodSeconds}: must be greater than 0`, 'use a positive number of seconds');
  }
}
