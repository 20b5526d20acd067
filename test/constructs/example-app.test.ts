import { Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DEV, PROD, ShopChart } from '../../src/charts';
import { parseManifests, validateDocuments } from '../../src/validate';
import { lintDocumentsDetailed } from '../../src/validate/policy';
import type { Obj } from './helpers';

/**
 * The wiring invariants of issue 4, checked generically over every object the example app
 * synthesises (no per-object expectations): a new construct or object is covered automatically.
 */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const STANDARD = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'];
const EXEMPTION = 'helmless.io/pod-security-exemption';

function template(o: Obj): Obj {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template;
}
function isSubset(sub: Record<string, string>, sup: Record<string, string>): boolean {
  return Object.entries(sub).every(([k, v]) => sup[k] === v);
}
function charts() {
  const app = Testing.app();
  return [new ShopChart(app, 'shop-dev', DEV), new ShopChart(app, 'shop-prod', PROD)].map((c) => ({ id: c.node.id, objects: Testing.synth(c) as Obj[] }));
}

describe.each(charts())('example app $id', ({ id, objects }) => {
  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
  const ns = (o: Obj) => o.metadata.namespace ?? '';

  it('GIVEN the chart WHEN synthesised THEN the YAML matches its snapshot', async () => {
    await expect(Yaml.stringify(...objects)).toMatchFileSnapshot(`../snapshots/constructs/${id}.yaml`);
  });

  it('every object carries the standard labels; objects of an image carry its version', () => {
    for (const o of objects) {
      for (const l of STANDARD) expect(o.metadata.labels?.[l], `${o.kind}/${o.metadata.name} ${l}`).toBeTruthy();
      expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('helmless');
    }
    for (const w of workloads) {
      expect(w.metadata.labels['app.kubernetes.io/version'], `${w.kind}/${w.metadata.name}`).toBeTruthy();
      for (const l of STANDARD) expect(template(w).metadata.labels[l]).toBe(w.metadata.labels[l]);
    }
  });

  it('selectors are a version-free subset of the pod template labels', () => {
    for (const w of workloads.filter((x) => x.spec.selector)) {
      const sel = w.spec.selector.matchLabels;
      expect(Object.keys(sel).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
      expect(isSubset(sel, template(w).metadata.labels)).toBe(true);
    }
  });

  it('every Service selects pods and every targetPort resolves to a named container port of them', () => {
    for (const svc of objects.filter((o) => o.kind === 'Service')) {
      const pods = workloads.filter((w) => ns(w) === ns(svc) && isSubset(svc.spec.selector, template(w).metadata.labels));
      expect(pods.length, `Service/${svc.metadata.name} selects no pods`).toBeGreaterThan(0);
      for (const p of svc.spec.ports) {
        expect(typeof p.targetPort, `Service/${svc.metadata.name} targetPort by name`).toBe('string');
        for (const w of pods) {
          // Native sidecars (init containers with restartPolicy Always) serve ports like containers.
          const serving = [...template(w).spec.containers, ...(template(w).spec.initContainers ?? []).filter((c: Obj) => c.restartPolicy === 'Always')];
          const names = serving.flatMap((c: Obj) => (c.ports ?? []).map((cp: Obj) => cp.name));
          expect(names, `Service/${svc.metadata.name} -> ${w.kind}/${w.metadata.name}`).toContain(p.targetPort);
        }
      }
    }
  });

  it('every Ingress backend, HPA target and PDB selector resolves', () => {
    for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
      for (const rule of ing.spec.rules) for (const path of rule.http.paths) {
        const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === path.backend.service.name && ns(o) === ns(ing));
        expect(svc, `Ingress/${ing.metadata.name} backend`).toBeDefined();
        expect(svc.spec.ports.map((p: Obj) => p.name)).toContain(path.backend.service.port.name);
      }
    }
    for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
      const t = hpa.spec.scaleTargetRef;
      const target = objects.find((o) => o.kind === t.kind && o.metadata.name === t.name);
      expect(target, `HPA/${hpa.metadata.name}`).toBeDefined();
      expect(target.spec.replicas, 'an HPA-owned Deployment sets no replicas').toBeUndefined();
    }
    for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
      expect(workloads.some((w) => isSubset(pdb.spec.selector.matchLabels, template(w).metadata.labels)), `PDB/${pdb.metadata.name}`).toBe(true);
    }
  });

  it('long-running containers with ports have readiness and liveness probes on existing ports', () => {
    for (const w of workloads.filter((x) => LONG_RUNNING.has(x.kind))) {
      for (const c of template(w).spec.containers) {
        const names = (c.ports ?? []).map((p: Obj) => p.name);
        if (names.length === 0) continue;
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          expect(c[probe], `${w.kind}/${w.metadata.name} ${probe}`).toBeDefined();
        }
        for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe].filter(Boolean)) {
          const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
          if (port !== undefined) expect(names, `${w.kind}/${w.metadata.name} probe port`).toContain(port);
        }
      }
    }
  });

  it('every volumeMount resolves to a volume or a volumeClaimTemplate', () => {
    for (const w of workloads) {
      const spec = template(w).spec;
      const volumes = new Set([...(spec.volumes ?? []).map((v: Obj) => v.name), ...(w.spec.volumeClaimTemplates ?? []).map((v: Obj) => v.metadata.name)]);
      for (const c of spec.containers) for (const m of c.volumeMounts ?? []) expect(volumes.has(m.name), `${w.kind}/${w.metadata.name} mount ${m.name}`).toBe(true);
      for (const v of spec.volumes ?? []) {
        if (v.configMap) expect(objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap.name)).toBe(true);
      }
    }
  });

  it('no Secret carries literal data; every secret reference is produced in the output or declared external', () => {
    expect(objects.filter((o) => o.kind === 'Secret' && (o.data || o.stringData))).toEqual([]);
    const produced = new Set([
      ...objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.target?.name ?? o.metadata.name),
      ...objects.filter((o) => o.kind === 'SealedSecret').map((o) => o.spec.template?.metadata?.name ?? o.metadata.name),
    ]);
    for (const w of workloads) {
      const declared = new Set<string>((template(w).metadata.annotations?.['helmless.io/external-secrets'] ?? '').split(',').filter(Boolean));
      const spec = template(w).spec;
      const refs = [
        ...spec.containers.flatMap((c: Obj) => (c.env ?? []).map((e: Obj) => e.valueFrom?.secretKeyRef?.name)),
        ...(spec.volumes ?? []).map((v: Obj) => v.secret?.secretName),
      ].filter(Boolean);
      for (const r of refs) expect(produced.has(r) || declared.has(r), `${w.kind}/${w.metadata.name} reads Secret ${r}`).toBe(true);
      for (const c of spec.containers) {
        for (const e of c.env ?? []) {
          if (/PASSWORD|TOKEN|SECRET|KEY/.test(e.name)) expect(e.value, `${w.kind}/${w.metadata.name} env ${e.name} is literal`).toBeUndefined();
          if (e.valueFrom?.configMapKeyRef) {
            const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === e.valueFrom.configMapKeyRef.name);
            expect(cm?.data?.[e.valueFrom.configMapKeyRef.key], `${w.kind}/${w.metadata.name} env ${e.name}`).toBeDefined();
          }
        }
      }
    }
  });

  it('containers meet "restricted" unless the workload records an exemption, and have requests and a memory limit', () => {
    for (const w of workloads) {
      const t = template(w);
      const spec = t.spec;
      const exempt = t.metadata.annotations?.[EXEMPTION];
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(objects.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === spec.serviceAccountName)).toBe(true);
      const hostAccess = spec.hostNetwork || spec.hostPID || (spec.volumes ?? []).some((v: Obj) => v.hostPath);
      if (hostAccess) expect(exempt, `${w.kind}/${w.metadata.name} host access without an exemption`).toBeTruthy();
      for (const c of spec.containers) {
        expect(c.resources.requests.cpu).toBeTruthy();
        expect(c.resources.requests.memory).toBeTruthy();
        expect(c.resources.limits.memory).toBeTruthy();
        expect(c.imagePullPolicy).toBe('IfNotPresent');
        expect(c.image).toMatch(/:[^:/]+$|@sha256:/);
        expect(c.image).not.toMatch(/:latest$/);
        const sc = c.securityContext;
        expect(sc.allowPrivilegeEscalation).toBe(false);
        expect(sc.capabilities.drop).toEqual(['ALL']);
        expect((sc.seccompProfile ?? spec.securityContext.seccompProfile).type).toBe('RuntimeDefault');
        if (!exempt) {
          expect(sc.runAsNonRoot ?? spec.securityContext.runAsNonRoot, `${w.kind}/${w.metadata.name} runAsNonRoot`).toBe(true);
          expect(sc.readOnlyRootFilesystem).toBe(true);
          expect(sc.capabilities.add).toBeUndefined();
        }
      }
    }
  });

  it("helmless's own validator (schema, API rules, wiring) and policy lint (restricted) report no unsuppressed finding", () => {
    const { docs } = parseManifests(Yaml.stringify(...objects), `${id}.k8s.yaml`);
    const errors = validateDocuments(docs, { strict: true, evidence: 'complete' }).filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
    const lint = lintDocumentsDetailed(docs, { profile: 'restricted', evidence: 'complete' });
    expect(lint.findings.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
    // every suppression is an explicit, reasoned exemption
    for (const s of lint.suppressed) expect(s.reason.length).toBeGreaterThan(10);
  });

  it('names are unique per kind and namespace', () => {
    const keys = objects.map((o) => `${o.kind}/${ns(o)}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('example app environments', () => {
  it('GIVEN dev and prod WHEN synthesised THEN they differ as typed: replicas vs HPA, storage, hosts', () => {
    const [dev, prod] = charts();
    const get = (objs: Obj[], kind: string) => objs.find((o) => o.kind === kind);
    expect(get(dev.objects, 'Deployment').spec.replicas).toBe(1);
    expect(get(dev.objects, 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(get(prod.objects, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(get(prod.objects, 'PodDisruptionBudget')).toBeDefined();
    expect(get(dev.objects, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(get(prod.objects, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('100Gi');
    expect(get(dev.objects, 'Ingress').spec.rules[0].host).toBe('shop.dev.example.com');
    expect(get(prod.objects, 'Ingress').spec.rules[0].host).toBe('shop.example.com');
  });
});
