'use strict';
// Deterministic, realistic manifest corpus for the validation benchmark: an application is a
// ConfigMap and Secret, a Deployment (probes, resources, env from the ConfigMap), its Service and
// Ingress, a StatefulSet with volumeClaimTemplates and its headless Service, and a CronJob. Documents are
// written as block YAML, like `helm template` or cdk8s output.

/** Small seeded PRNG (mulberry32) so every run writes the same bytes. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CPU = ['50m', '100m', '250m', '500m', '1'];
const MEM = ['64Mi', '128Mi', '256Mi', '512Mi', '1Gi'];

function labels(app, indent) {
  const pad = ' '.repeat(indent);
  return `${pad}app.kubernetes.io/name: ${app}\n${pad}app.kubernetes.io/instance: ${app}-prod\n`;
}

function deployment(app, ns, r) {
  const port = 8000 + Math.floor(r() * 1000);
  const cpu = CPU[Math.floor(r() * CPU.length)];
  const mem = MEM[Math.floor(r() * MEM.length)];
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
${labels(app, 4)}    app.kubernetes.io/version: "1.${Math.floor(r() * 20)}.0"
spec:
  replicas: ${1 + Math.floor(r() * 5)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
${labels(app, 6)}  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
${labels(app, 8)}      annotations:
        prometheus.io/scrape: "true"
    spec:
      serviceAccountName: ${app}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
      containers:
        - name: ${app}
          image: registry.example.com/${app}:1.${Math.floor(r() * 20)}.${Math.floor(r() * 10)}
          imagePullPolicy: IfNotPresent
          args: ["--port=${port}", "--log-level=info"]
          ports:
            - name: http
              containerPort: ${port}
              protocol: TCP
          env:
            - name: APP_NAME
              value: ${app}
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
          envFrom:
            - configMapRef:
                name: ${app}-config
          resources:
            requests:
              cpu: ${cpu}
              memory: ${mem}
            limits:
              memory: ${mem}
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 10
            periodSeconds: 20
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`;
}

function service(app, ns) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
${labels(app, 4)}spec:
  type: ClusterIP
  selector:
${labels(app, 4)}  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
`;
}

function ingress(app, ns) {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
    cert-manager.io/cluster-issuer: letsencrypt
    helmless.io/external-secrets: ${app}-tls
spec:
  ingressClassName: nginx
  tls:
    - hosts: [${app}.example.com]
      secretName: ${app}-tls
${ingressRules(app, 'name: http')}`;
}

/** The one rule both Ingress shapes route by: ${app}.example.com/ to the app's Service port. */
function ingressRules(app, port) {
  return `  rules:
    - host: ${app}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${app}
                port:
                  ${port}
`;
}

function configMap(app, ns, r) {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
  LOG_FORMAT: json
  CACHE_TTL: "${Math.floor(r() * 600)}"
  FEATURE_FLAGS: "search,checkout"
  app.properties: |
    server.threads=${4 + Math.floor(r() * 12)}
    server.timeout=30s
`;
}

function secret(app, ns, r) {
  const pw = Buffer.from(`pw-${app}-${Math.floor(r() * 1e9)}`).toString('base64');
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${app}-db
  namespace: ${ns}
type: Opaque
data:
  password: ${pw}
`;
}

function statefulSet(app, ns, r) {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${app}-db
  namespace: ${ns}
  labels:
${labels(app + '-db', 4)}spec:
  serviceName: ${app}-db
  replicas: 3
  podManagementPolicy: OrderedReady
  selector:
    matchLabels:
${labels(app + '-db', 6)}  template:
    metadata:
      labels:
${labels(app + '-db', 8)}    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: postgres
          image: postgres:16.${Math.floor(r() * 4)}
          ports:
            - name: pg
              containerPort: 5432
          env:
            - name: PGDATA
              value: /var/lib/postgresql/data/pgdata
            - name: POSTGRES_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${app}-db
                  key: password
          resources:
            requests:
              cpu: 250m
              memory: 512Mi
            limits:
              memory: 1Gi
          readinessProbe:
            exec:
              command: ["pg_isready", "-U", "postgres"]
            periodSeconds: 5
          livenessProbe:
            tcpSocket:
              port: pg
            initialDelaySeconds: 20
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: standard
        resources:
          requests:
            storage: ${10 * (1 + Math.floor(r() * 10))}Gi
`;
}

function headless(app, ns) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}-db
  namespace: ${ns}
spec:
  clusterIP: None
  selector:
${labels(app + '-db', 4)}  ports:
    - name: pg
      port: 5432
      targetPort: pg
`;
}

function cronJob(app, ns, r) {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${app}-report
  namespace: ${ns}
spec:
  schedule: "${Math.floor(r() * 60)} ${Math.floor(r() * 24)} * * *"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      backoffLimit: 2
      activeDeadlineSeconds: 600
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/${app}-report:2.${Math.floor(r() * 9)}
              command: ["/bin/report", "--since=24h"]
              resources:
                requests:
                  cpu: 100m
                  memory: 128Mi
                limits:
                  memory: 256Mi
`;
}

// Compact variants, for a corpus the size of the one kubeconform was timed on (1.9 MB for 5,000
// documents, ~380 bytes each): a Deployment without env, liveness probe or security context, a
// ServiceAccount, an Ingress without TLS or annotations.
function smallDeployment(app, ns, r) {
  const port = 8000 + Math.floor(r() * 1000);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
${labels(app, 4)}spec:
  replicas: ${1 + Math.floor(r() * 5)}
  selector:
    matchLabels:
${labels(app, 6)}  template:
    metadata:
      labels:
${labels(app, 8)}    spec:
      containers:
        - name: ${app}
          image: registry.example.com/${app}:1.${Math.floor(r() * 20)}.${Math.floor(r() * 10)}
          ports:
            - name: http
              containerPort: ${port}
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          resources:
            requests:
              cpu: ${CPU[Math.floor(r() * CPU.length)]}
              memory: ${MEM[Math.floor(r() * MEM.length)]}
`;
}

function serviceAccount(app, ns) {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
${labels(app, 4)}`;
}

function smallIngress(app, ns) {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: ${ns}
spec:
${ingressRules(app, 'number: 80')}`;
}

const MAKERS = [configMap, secret, deployment, service, ingress, statefulSet, headless, cronJob];
const SMALL_MAKERS = [configMap, secret, serviceAccount, smallDeployment, service, smallIngress, cronJob];

/**
 * `count` documents, deterministic for a given seed. size 'large' (default): ~750 bytes a
 * document; 'small': ~380 bytes, the size of kubeconform's reference file.
 */
function generateDocuments(count, seed = 42, size = 'large') {
  const r = rng(seed);
  const docs = [];
  const makers = size === 'small' ? SMALL_MAKERS : MAKERS;
  for (let i = 0; docs.length < count; i++) {
    const app = `app-${i}`;
    const ns = `team-${i % 17}`;
    for (const make of makers) {
      if (docs.length >= count) break;
      docs.push(make(app, ns, r));
    }
  }
  return docs;
}

module.exports = { generateDocuments, rng };
