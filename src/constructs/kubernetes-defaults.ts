// Fields whose value is what the API server would set anyway. helmless writes them (explicit
// output reads the same on every cluster version); an adopted workload's input usually leaves them
// out, and `explicitDefaults: false` does too, so the first commit of an adopted app reads like it.
import type { ApiObject } from 'cdk8s';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** JSON with sorted keys: the rendered objects' key order is not the one written here. */
const canonical = (v: unknown): string => (Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : isObj(v) ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}` : JSON.stringify(v));
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Removes `keys` of `o` whose value equals the given default. */
function strip(o: unknown, defaults: Readonly<Record<string, unknown>>): void {
  if (!isObj(o)) return;
  for (const [k, v] of Object.entries(defaults)) if (k in o && same(o[k], v)) delete o[k];
}

const POD = { enableServiceLinks: true, automountServiceAccountToken: true, serviceAccountName: 'default', volumes: [] };
const CONTAINER = { imagePullPolicy: 'IfNotPresent', volumeMounts: [] };
const PORT = { protocol: 'TCP' };

function stripPod(template: unknown): void {
  if (!isObj(template)) return;
  if (isObj(template.metadata) && Object.keys(template.metadata).length === 0) delete template.metadata;
  const spec = template.spec;
  if (!isObj(spec)) return;
  strip(spec, POD);
  for (const list of ['containers', 'initContainers']) {
    for (const c of (Array.isArray(spec[list]) ? spec[list] : []) as unknown[]) {
      strip(c, CONTAINER);
      if (isObj(c) && Array.isArray(c.ports)) c.ports.forEach((p) => strip(p, PORT));
    }
  }
}

/** What each kind's spec defaults to on the API server (apps/v1, batch/v1, v1). */
const SPEC_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  Deployment: { revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
  StatefulSet: {
    podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate' }, revisionHistoryLimit: 10,
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  },
  DaemonSet: { revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } },
  Job: { parallelism: 1, completions: 1, backoffLimit: 6 },
  CronJob: { suspend: false, concurrencyPolicy: 'Allow', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
  Service: { type: 'ClusterIP', sessionAffinity: 'None', publishNotReadyAddresses: false },
};

/** Leaves out of `obj`'s output the fields whose value is the API server's default. */
export function omitKubernetesDefaults(obj: ApiObject): void {
  const toJson = obj.toJson.bind(obj);
  obj.toJson = () => {
    const json = toJson() as Obj;
    const spec = json.spec;
    if (!isObj(spec)) return json;
    strip(spec, SPEC_DEFAULTS[obj.kind] ?? {});
    if (obj.kind === 'Service' && Array.isArray(spec.ports)) spec.ports.forEach((p) => strip(p, PORT));
    if (obj.kind === 'CronJob' && isObj(spec.jobTemplate)) {
      const jt = spec.jobTemplate;
      if (isObj(jt.metadata) && Object.keys(jt.metadata).length === 0) delete jt.metadata;
      strip(jt.spec, SPEC_DEFAULTS.Job);
      if (isObj(jt.spec)) stripPod(jt.spec.template);
    } else {
      stripPod(spec.template);
    }
    return json;
  };
}
