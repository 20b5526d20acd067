import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { parseImage } from './image';
import { Obj, asList as list, asObj as o, podSpecOf } from './rendered';
import { addWarning, addWarningCheck } from './warnings';

/**
 * What a stock image needs that the restricted defaults take away, for the images this table
 * knows. Facts from each image's Dockerfile and entrypoint; the paths are where the image writes
 * at start or in normal use, so a read-only root filesystem without a volume there fails.
 */
export interface KnownImage {
  /** Folders the image writes to (outside /tmp). */
  readonly writes: readonly string[];
  /** The port its default configuration listens on, when that is below 1024. */
  readonly listensOn?: number;
  /** Where that default configuration lives: a volume mounted there replaces it (and its port). */
  readonly configPath?: string;
  /** The image to use instead, or what to set. */
  readonly advice: string;
}

/** Known images, by repository without registry and `library/` ('nginx', 'grafana/grafana'). */
export const KNOWN_IMAGES: Readonly<Record<string, KnownImage>> = {
  nginx: {
    writes: ['/var/cache/nginx', '/var/run'], listensOn: 80, configPath: '/etc/nginx/conf.d',
    advice: "use nginxinc/nginx-unprivileged (listens on 8080, writes only /tmp) with Security.restricted({ runAsUser: 101 }), or writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'] and a server block on 8080 mounted at /etc/nginx/conf.d",
  },
  'nginxinc/nginx-unprivileged': { writes: [], advice: 'none needed' },
  httpd: {
    writes: ['/usr/local/apache2/logs'], listensOn: 80, configPath: '/usr/local/apache2/conf',
    advice: "add writablePaths: ['/usr/local/apache2/logs'] and 'Listen 8080' in httpd.conf",
  },
  postgres: { writes: ['/var/run/postgresql', '/var/lib/postgresql/data'], advice: 'use StatefulDb (its postgres preset mounts both)' },
  mysql: { writes: ['/var/run/mysqld', '/var/lib/mysql'], advice: 'use StatefulDb (its mysql preset mounts both)' },
  mariadb: { writes: ['/run/mysqld', '/var/lib/mysql'], advice: 'use StatefulDb (its mariadb preset mounts both)' },
  redis: { writes: ['/data'], advice: 'use StatefulDb (its redis preset mounts /data)' },
  mongo: { writes: ['/data/db', '/data/configdb'], advice: 'use StatefulDb (its mongodb preset mounts both)' },
  'grafana/grafana': { writes: ['/var/lib/grafana'], advice: "add writablePaths: ['/var/lib/grafana'] (or a persistent volume there)" },
  'prom/prometheus': { writes: ['/prometheus'], advice: "add writablePaths: ['/prometheus'] (or a persistent volume there)" },
};

/** Host folders holding container logs, owned by root and not world-readable. */
const HOST_LOG_FOLDERS = ['/var/log', '/var/lib/docker/containers'];

/** The table entry of `image`, if any. */
export function knownImage(image: string): KnownImage | undefined {
  const repo = parseImage(image).repository.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return KNOWN_IMAGES[repo];
}

/** /var/run is a symlink to /run in the images' distributions: a mount at either covers both. */
const canonical = (p: string): string => p.replace(/^\/var\/run(?=\/|$)/, '/run').replace(/\/+$/, '') || '/';
const under = (p: string, folder: string): boolean => {
  const a = canonical(p);
  const b = canonical(folder);
  return a === b || a.startsWith(b === '/' ? '/' : `${b}/`);
};

/**
 * Warnings for a rendered pod spec: combinations known not to start. One message per problem,
 * naming the container.
 */
export function startupProblems(pod: Obj): string[] {
  const out: string[] = [];
  const podSc = o(pod.securityContext);
  const volumes = new Map(list(pod.volumes).map((v) => [String(v.name), v]));
  for (const c of [...list(pod.initContainers), ...list(pod.containers)]) {
    const sc = o(c.securityContext);
    const uid = (sc.runAsUser ?? podSc.runAsUser) as number | undefined;
    const nonRoot = uid !== undefined ? uid !== 0 : (sc.runAsNonRoot ?? podSc.runAsNonRoot) === true;
    const who = `container '${String(c.name)}'`;
    const as = uid !== undefined ? `UID ${uid}` : 'a non-root user';
    const caps = (o(sc.capabilities).add ?? []) as string[];
    const image = typeof c.image === 'string' ? c.image : '';
    const known = image ? knownImage(image) : undefined;
    const mounts = list(c.volumeMounts);
    const mounted = mounts.map((m) => String(m.mountPath));
    if (nonRoot && !caps.includes('NET_BIND_SERVICE')) {
      const low = list(c.ports).map((p) => Number(p.containerPort)).filter((n) => n > 0 && n < 1024);
      const ownConfig = known?.configPath !== undefined && mounted.some((m) => under(known.configPath!, m) || under(m, known.configPath!));
      if (known?.listensOn !== undefined && !ownConfig && !low.includes(known.listensOn)) low.push(known.listensOn);
      for (const port of low) {
        const stock = known?.listensOn === port ? ` (the stock ${image} listens on ${port})` : '';
        out.push(`${who} binds port ${port}${stock} as ${as} without the NET_BIND_SERVICE capability: a non-root process cannot bind a port below 1024 and the pod will crash-loop; listen on 1024 or above${known?.listensOn === port ? `: ${known.advice}` : ''}`);
      }
    }
    if (nonRoot) {
      for (const m of mounts) {
        const hostPath = o(volumes.get(String(m.name))?.hostPath).path;
        if (typeof hostPath !== 'string') continue;
        const folder = HOST_LOG_FOLDERS.find((f) => under(hostPath, f));
        if (!folder) continue;
        out.push(`${who} reads the host folder ${hostPath} as ${as}: container log files under ${folder} are owned by root and not world-readable, so the agent reads nothing; run it as root with Security.relaxed({ reason: 'reads root-owned container logs', allowRoot: true }) (capabilities stay dropped: root owns the files)`);
      }
    }
    if (sc.readOnlyRootFilesystem === true && known) {
      const missing = known.writes.filter((w) => !mounted.some((m) => under(w, m)));
      if (missing.length > 0) {
        out.push(`${who}: the image ${image} writes to ${missing.join(', ')}, which the read-only root filesystem refuses, so it will not start; ${known.advice}`);
      }
    }
  }
  return out;
}

/**
 * Adds the synth-time startup check to a workload: when the app is synthesised, every pod
 * template the construct renders (with all its containers, whatever added them) is checked and
 * each problem printed as one warning line.
 */
export function checkStartup(scope: IConstruct): void {
  addWarningCheck(scope, () => {
    for (const c of scope.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const pod = podSpecOf(c.toJson() as Obj);
      if (pod) for (const m of startupProblems(pod)) addWarning(scope, m);
    }
  });
}
