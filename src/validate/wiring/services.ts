// Services: their facts, the API server's own Service every cluster has, and the checks of a
// Service's selector (it selects pods of its namespace) and of its targetPorts (the selected
// containers declare them).
import { API_SERVER_SERVICE } from '../cluster-facts';
import { labelMapMatches } from '../label-selector';
import { arr, obj, show as q, str, type Obj } from '../untyped';
import { candidates, report, type DocRef, type NsIndex, type PodFacts, type Report, type ServiceFacts } from './facts';

// the ports list is copied at its exact size (facts.ts: TRIM)
export function serviceFacts(at: DocRef, o: Obj, name: string, ns: string): ServiceFacts {
  const spec = obj(o.spec) ?? {};
  return {
    at, name, ns, type: str(spec.type) ?? 'ClusterIP', selector: obj(spec.selector), ports: arr(spec.ports).slice(), clusterIP: spec.clusterIP,
    labels: obj(obj(o.metadata)?.labels) ?? {},
  };
}

/** The API server's Service (default/kubernetes): ServiceMonitors and Ingresses may name it without the documents defining it. */
export function apiServerService(): ServiceFacts {
  const s = API_SERVER_SERVICE;
  return {
    at: { source: { file: '<cluster>', documentIndex: 0 }, apiVersion: 'v1', kind: 'Service', namespace: s.namespace, name: s.name },
    name: s.name, ns: s.namespace, type: 'ClusterIP', selector: undefined, ports: s.ports.map((p) => ({ ...p })), clusterIP: undefined, labels: { ...s.labels },
  };
}

/** The pods a Service selects (none for ExternalName or selector-less Services: undefined). */
export function selectedPods(s: ServiceFacts, x: NsIndex): PodFacts[] | undefined {
  const sel = s.selector;
  if (s.type === 'ExternalName' || !sel || Object.keys(sel).length === 0) return undefined;
  return candidates(x.pods, x.podsByLabel, sel).filter((p) => labelMapMatches(sel, p.podLabels, p.implied));
}

/** A Service's selector selects pods, and the selected pods declare its targetPorts. */
export function checkService(s: ServiceFacts, x: NsIndex, r: Report): void {
  const matched = selectedPods(s, x);
  if (!matched) return;
  if (matched.length === 0) {
    report(r, s.at, r.missingSeverity, 'service-selects-nothing', 'spec.selector',
      `Service ${q(s.name)} selects ${q(s.selector)} but no pod template in namespace ${q(s.ns)} has these labels${r.missingNote}`,
      'copy the selector labels onto the workload pod template (spec.template.metadata.labels), or fix the selector');
    return;
  }
  s.ports.forEach((p, i) => {
    const po = obj(p);
    if (po) checkTargetPort(s, po, i, matched, r);
  });
}

function checkTargetPort(s: ServiceFacts, po: Obj, i: number, matched: PodFacts[], r: Report): void {
  // The API server defaults an absent, 0 or '' targetPort to the port.
  const defaulted = po.targetPort === undefined || po.targetPort === 0 || po.targetPort === '';
  const tp = defaulted ? po.port : po.targetPort;
  const names = (ws: PodFacts[]): string => ws.map((w) => `${w.kind} ${q(w.name)}`).join(', ');
  if (typeof tp === 'string' && !/^[0-9]+$/.test(tp)) {
    // Pods without the named port are simply not endpoints (a migration Job sharing the labels is
    // fine); the Service is broken only when no selected pod template declares the name.
    const missing = matched.filter((w) => !w.portNames.includes(tp));
    if (missing.length < matched.length) return;
    const declared = [...new Set(missing.flatMap((w) => [...w.portNames]))];
    report(r, s.at, 'error', 'service-target-port', `spec.ports[${i}].targetPort`,
      `Service ${q(s.name)} targets the port named ${q(tp)}, which ${names(missing)} does not declare on any container`,
      declared.length > 0 ? `use one of the container's port names (${declared.join(', ')}) or name the containerPort ${q(tp)}`
        : `add a containerPort named ${q(tp)} to the selected containers`);
  } else if (typeof tp === 'number') {
    const missing = matched.filter((w) => w.portNumbers.length > 0 && !w.portNumbers.includes(tp));
    if (missing.length === 0 || matched.some((w) => w.portNumbers.includes(tp))) return;
    report(r, s.at, 'warning', 'service-target-port', `spec.ports[${i}]${defaulted ? '.port' : '.targetPort'}`,
      `Service ${q(s.name)} sends traffic to port ${tp}, which ${names(missing)} does not declare (declared: ${[...missing[0].portNumbers].join(', ')})`,
      'check targetPort; reference the container port by name to keep them in step');
  }
}
