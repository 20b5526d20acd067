// Reading objects as they render (toJson), for synth-time checks that see every container of a
// pod whatever added it: the Namespace's Pod Security level and the start-up warnings.

/** A rendered object, or a part of one. */
export type Obj = Record<string, unknown>;

export const asObj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
export const asList = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);

/** Kinds whose objects carry a pod spec. */
export const POD_KINDS: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController']);

/** The pod spec of a rendered object, if it has one. */
export function podSpecOf(json: Obj): Obj | undefined {
  const spec = asObj(json.spec);
  if (json.kind === 'Pod') return spec;
  if (json.kind === 'CronJob') return asObj(asObj(asObj(asObj(spec.jobTemplate).spec).template).spec);
  if (POD_KINDS.has(String(json.kind))) return asObj(asObj(spec.template).spec);
  return undefined;
}
