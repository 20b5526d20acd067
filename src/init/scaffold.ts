/**
 * `helmless init`: the files of a new helmless project, as a pure function of the options.
 * The CLI (src/cli/init.ts) checks the folder and writes them; this module only renders text.
 *
 * The project is the one the README describes: a typed environment config, one chart class
 * instantiated per environment (each written to dist/<env>/ with a kustomization.yaml), a test
 * that fails when the committed dist/ is stale, a CI workflow that also posts `helmless diff` on
 * pull requests, and an Argo CD Application and a Flux Kustomization per environment.
 */

export interface ScaffoldOptions {
  /** Project name: package name, chart ids, object names, namespaces. A DNS-1123 label. */
  readonly name: string;
  /** Target Kubernetes version ('1.35.0'). */
  readonly kubernetesVersion: string;
  /** Environments, in order (each a DNS-1123 label). */
  readonly envs: readonly string[];
  /** The npm spec of the helmless dependency ('^0.2.0', 'file:../helmless-0.2.0.tgz'). */
  readonly helmlessSpec: string;
  /** helmless's own version: the cdk8s validation plugin entry pins it. */
  readonly helmlessVersion: string;
  /** Versions of the packages the project depends on, as helmless itself was built and tested with them. */
  readonly versions: Readonly<Record<'cdk8s' | 'constructs' | 'cdk8s-cli' | 'typescript' | 'tsx' | 'vitest' | '@types/node', string>>;
  /** Git URL of the repository the GitOps tools read. @default a placeholder with a TODO */
  readonly repoUrl?: string;
}

/** File path (relative, '/'-separated) -> content. Sorted by path. */
export type ScaffoldFiles = ReadonlyMap<string, string>;

export const REPO_URL_PLACEHOLDER = 'https://github.com/OWNER/REPO.git';

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` cannot be a project or environment name, or undefined when it can. */
export function nameProblem(name: string, maxLength: number): string | undefined {
  if (!DNS_LABEL.test(name)) return 'must be lowercase letters, digits and -, starting with a letter and ending with a letter or digit';
  if (name.length > maxLength) return `must be at most ${maxLength} characters`;
  return undefined;
}

/** Turns a folder name into a project name ('My App_2' -> 'my-app-2'); '' when nothing is left. */
export function projectNameFrom(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').replace(/-{2,}/g, '-').slice(0, 30).replace(/-+$/, '');
}

/** The namespace of an environment: the project's own name for 'prod', else '<name>-<env>'. */
export function namespaceOf(name: string, env: string): string {
  return env === 'prod' ? name : `${name}-${env}`;
}

export function scaffold(o: ScaffoldOptions): ScaffoldFiles {
  const files = new Map<string, string>([
    ['package.json', packageJson(o)],
    ['cdk8s.yaml', cdk8sYaml(o)],
    ['tsconfig.json', TSCONFIG],
    ['.gitignore', GITIGNORE],
    ['src/environments.ts', environmentsTs(o)],
    ['src/chart.ts', chartTs(o)],
    ['src/main.ts', mainTs(o)],
    ['test/app.test.ts', testTs(o)],
    ['README.md', readme(o)],
    ['.github/workflows/helmless.yml', workflow()],
    ['deploy/flux/source.yaml', fluxSource(o)],
  ]);
  for (const env of o.envs) {
    files.set(`deploy/argocd/${env}.yaml`, argoApplication(o, env));
    files.set(`deploy/flux/${env}.yaml`, fluxKustomization(o, env));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function packageJson(o: ScaffoldOptions): string {
  const v = o.versions;
  return `${JSON.stringify({
    name: o.name,
    version: '0.1.0',
    private: true,
    description: `Kubernetes manifests of ${o.name}, synthesised by helmless`,
    scripts: {
      synth: 'helmless synth',
      test: 'vitest run',
      typecheck: 'tsc --noEmit',
      diff: 'helmless diff',
      validate: 'helmless validate --strict dist',
      lint: 'helmless lint dist',
    },
    engines: { node: '>=20' },
    dependencies: { cdk8s: v.cdk8s, constructs: v.constructs, helmless: o.helmlessSpec },
    devDependencies: {
      '@types/node': v['@types/node'], 'cdk8s-cli': v['cdk8s-cli'], tsx: v.tsx, typescript: v.typescript, vitest: v.vitest,
    },
    // vitest's bundler (esbuild) checks its platform binary after install; nothing else runs install scripts.
    allowScripts: { esbuild: true },
  }, null, 2)}\n`;
}

function cdk8sYaml(o: ScaffoldOptions): string {
  return `language: typescript
# The app: TypeScript run with tsx (\`npm run synth\` runs \`helmless synth\`, which also type-checks it).
app: node -r tsx/cjs src/main.ts
output: dist
# The cluster's Kubernetes version: helmless validates against it and the constructs render for it.
imports:
  - k8s@${o.kubernetesVersion}
# \`npx cdk8s synth\` runs helmless's checks through this plugin (\`npm run synth\` runs them itself,
# and keeps dist/ untouched when they fail).
validations:
  - package: ./node_modules/helmless
    version: ${o.helmlessVersion}
    class: HelmlessValidation
`;
}

const TSCONFIG = `${JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    moduleResolution: 'node',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src/**/*.ts', 'test/**/*.ts'],
}, null, 2)}\n`;

const GITIGNORE = `node_modules/
*.tsbuildinfo
# helmless synth's staging folders (removed after every run, even a failed one)
.dist.helmless-*
`;

function envConst(env: string): string {
  return env.toUpperCase().replace(/-/g, '_');
}

function environmentsTs(o: ScaffoldOptions): string {
  const entries = o.envs.map((env) => {
    const prod = env === 'prod';
    return `export const ${envConst(env)}: EnvironmentConfig = {
  stage: '${env}',
  namespace: '${namespaceOf(o.name, env)}',
  webReplicas: ${prod ? 2 : 1},
  dbStorage: '${prod ? '20Gi' : '5Gi'}',
};`;
  });
  return `/** What differs between the environments, typed: a typo is a compile error, not a broken cluster. */
export interface EnvironmentConfig {
  /** Names the output folder dist/<stage>/. */
  readonly stage: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Replicas of the web service. */
  readonly webReplicas: number;
  /** Size of the database volume. */
  readonly dbStorage: string;
}

${entries.join('\n\n')}

/** Every environment the app renders, each into dist/<stage>/. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [${o.envs.map(envConst).join(', ')}];
`;
}

function chartTs(o: ScaffoldOptions): string {
  return `import { Construct } from 'constructs';
import { HelmlessChart, SecretSource, StatefulDb, WebService } from 'helmless';
import type { EnvironmentConfig } from './environments';

/** The app: a web service and its postgres database. One class, instantiated per environment. */
export class AppChart extends HelmlessChart {
  public readonly db: StatefulDb;
  public readonly web: WebService;

  constructor(scope: Construct, id: string, public readonly config: EnvironmentConfig) {
    super(scope, id, { namespace: config.namespace, partOf: '${o.name}', instance: id });

    // The credentials Secret (keys 'username' and 'password') is managed outside this app:
    // kubectl create secret generic db-credentials -n <namespace> --from-literal=username=app --from-literal=password=...
    this.db = new StatefulDb(this, 'db', {
      image: 'postgres:16.4',
      storage: config.dbStorage,
      credentials: SecretSource.existing('db-credentials'),
    });

    // nginx-unprivileged listens on 8080 and writes only /tmp, so it starts under the restricted
    // defaults (non-root, read-only root filesystem). Replace it with your own image.
    this.web = new WebService(this, 'web', {
      image: 'nginxinc/nginx-unprivileged:1.27.3',
      port: 8080,
      replicas: config.webReplicas,
      database: this.db,
    });
  }
}
`;
}

function mainTs(o: ScaffoldOptions): string {
  return `import { HelmlessApp } from 'helmless';
import { AppChart } from './chart';
import { ENVIRONMENTS } from './environments';

/** Builds the app: one chart per environment, each written to dist/<stage>/${o.name}.k8s.yaml. */
export function buildApp(outdir?: string): HelmlessApp {
  const app = new HelmlessApp({
    outdir,
    kustomization: true,
    fileName: (chart) => \`\${(chart as AppChart).config.stage}/${o.name}\`,
  });
  for (const config of ENVIRONMENTS) new AppChart(app, \`${o.name}-\${config.stage}\`, config);
  return app;
}

if (require.main === module) buildApp().synth();
`;
}

function testTs(o: ScaffoldOptions): string {
  return `import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/main';

/** Every file under \`dir\`, relative and sorted. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('${o.name}', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), '${o.name}-synth-'));
  buildApp(out).synth();

  it('GIVEN the code WHEN synthesised THEN it writes exactly the committed dist/ (else: npm run synth, and commit dist/)', () => {
    expect(files('dist')).toEqual(files(out));
    for (const f of files(out)) {
      expect(fs.readFileSync(path.join('dist', f), 'utf8'), f).toBe(fs.readFileSync(path.join(out, f), 'utf8'));
    }
  });

  it('GIVEN each environment WHEN synthesised THEN it runs the web service and its database', () => {
${o.envs.map((env) => `    expect(fs.readFileSync(path.join(out, '${env}/${o.name}.k8s.yaml'), 'utf8')).toMatch(/kind: Deployment[\\s\\S]*kind: StatefulSet/);`).join('\n')}
  });
});
`;
}

function readme(o: ScaffoldOptions): string {
  const envList = o.envs.map((e) => `\`dist/${e}/\``).join(', ');
  return `# ${o.name}

Kubernetes manifests written in TypeScript with [helmless](https://www.npmjs.com/package/helmless) constructs,
synthesised into validated, deterministic YAML in \`dist/\` (${envList}), which a GitOps tool deploys.

## Set up

\`\`\`sh
npm install && npm run synth   # install, then write dist/ (type-checked, validated, linted)
npm test                       # fails when the committed dist/ is not what the code makes
\`\`\`

Commit \`dist/\` with the code that changed it. \`npm run diff\` shows what a change does to the cluster.

## Layout

- \`src/environments.ts\`: what differs between environments, typed.
- \`src/chart.ts\`: the app (a \`WebService\` and a \`StatefulDb\`), one chart per environment.
- \`cdk8s.yaml\`: the app command, the output folder and the cluster's Kubernetes version (\`k8s@${o.kubernetesVersion}\`).
- \`deploy/argocd/\`, \`deploy/flux/\`: an Argo CD \`Application\` and a Flux \`Kustomization\` per environment,
  each pointing at its folder of \`dist/\` (set \`repoURL\` / \`url\` to this repository first).
- \`.github/workflows/helmless.yml\`: CI that fails on a stale \`dist/\` and posts \`helmless diff\` on pull requests.
`;
}

function workflow(): string {
  return `name: helmless
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  pull-requests: write
jobs:
  manifests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm run synth
      - name: The committed dist/ is what the code makes
        run: |
          if [ -n "$(git status --porcelain -- dist)" ]; then
            git status --short -- dist
            echo "::error::dist/ is stale: run 'npm run synth' and commit dist/"
            exit 1
          fi
      - run: npm test
      - name: What this pull request does to the cluster
        if: github.event_name == 'pull_request'
        run: npx helmless diff --base "origin/\${{ github.base_ref }}" --output markdown > helmless-diff.md || [ $? -eq 1 ]
      - name: Post it on the pull request
        if: github.event_name == 'pull_request'
        env:
          GH_TOKEN: \${{ github.token }}
        run: gh pr comment "\${{ github.event.pull_request.number }}" --body-file helmless-diff.md --edit-last || gh pr comment "\${{ github.event.pull_request.number }}" --body-file helmless-diff.md
`;
}

function repoUrl(o: ScaffoldOptions): { url: string; todo: string } {
  return o.repoUrl
    ? { url: o.repoUrl, todo: '' }
    : { url: REPO_URL_PLACEHOLDER, todo: '  # TODO: the Git URL of this repository' };
}

function argoApplication(o: ScaffoldOptions, env: string): string {
  const r = repoUrl(o);
  return `# Argo CD: deploys dist/${env}/ (a kustomization) into namespace ${namespaceOf(o.name, env)}.
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${o.name}-${env}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${r.url}${r.todo}
    targetRevision: main
    path: dist/${env}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${namespaceOf(o.name, env)}
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
    syncOptions:
      - CreateNamespace=true
`;
}

function fluxSource(o: ScaffoldOptions): string {
  const r = repoUrl(o);
  return `# Flux: the repository holding dist/ (one source for every environment's Kustomization).
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: ${o.name}
  namespace: flux-system
spec:
  interval: 1m
  url: ${r.url}${r.todo}
  ref:
    branch: main
`;
}

function fluxKustomization(o: ScaffoldOptions, env: string): string {
  return `# Flux: applies dist/${env}/ (namespace ${namespaceOf(o.name, env)}) and prunes what the code no longer makes.
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${o.name}-${env}
  namespace: flux-system
spec:
  interval: 5m
  path: ./dist/${env}
  prune: true
  wait: true
  sourceRef:
    kind: GitRepository
    name: ${o.name}
`;
}
