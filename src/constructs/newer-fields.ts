// Container fields newer than the bundled L1 types (imports/k8s.ts): what a construct decided
// for the target version must reach the YAML even when the typed serializer does not know it.
import type { ApiObject } from 'cdk8s';

/** The pod spec inside a workload object's JSON (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
function podSpecOf(json: { spec?: { template?: { spec?: unknown }; jobTemplate?: { spec?: { template?: { spec?: unknown } } } } }): Record<string, unknown> | undefined {
  return (json.spec?.template?.spec ?? json.spec?.jobTemplate?.spec?.template?.spec) as Record<string, unknown> | undefined;
}

/** Container fields newer than the bundled L1 types, per list ('containers', 'initContainers') and container name. */
export type NewerFields = Readonly<Record<'containers' | 'initContainers', Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/**
 * Re-applies container fields the typed L1 serializer of the bundled Kubernetes types drops
 * (a 1.27 `Container` has no `restartPolicy`, its `LifecycleHandler` no `sleep`), so what the
 * construct decided reaches the YAML instead of vanishing. Where the types know the fields the
 * values are already there and this writes the same values again.
 */
export function keepNewerFields(obj: ApiObject, fields: NewerFields): void {
  const any = Object.values(fields.containers).length + Object.values(fields.initContainers).length > 0;
  if (!any) return;
  const toJson = obj.toJson.bind(obj);
  obj.toJson = () => {
    const json = toJson();
    const spec = podSpecOf(json);
    for (const list of ['containers', 'initContainers'] as const) {
      const containers = (spec?.[list] ?? []) as Record<string, unknown>[];
      for (let i = 0; i < containers.length; i++) {
        const extra = fields[list][containers[i].name as string];
        if (extra) containers[i] = sortKeys({ ...containers[i], ...extra });
      }
    }
    return json;
  };
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
