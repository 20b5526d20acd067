// `helmless init`: scaffolds a ready helmless project in the current folder (see src/init/scaffold.ts).
import * as fs from 'fs';
import * as path from 'path';
import type { CliIO, Command } from './main';
import { tokenizeArgs, UsageError } from './args';
import { nameProblem, projectNameFrom, scaffold, ScaffoldOptions } from '../init/scaffold';
import { K8S_IMPORT_VERSION } from '../../imports/k8s-version';

/**
 * The target version a new project gets: the version of helmless's bundled L1 types (one still
 * supported upstream), so the constructs, the types and validation agree from the start.
 */
export const INIT_KUBERNETES_VERSION = K8S_IMPORT_VERSION;
const MIN_MINOR = 27;
const MAX_MINOR = 36;

const HELP = `Usage: helmless init [options]

Scaffolds a helmless project in the current folder: package.json (helmless, cdk8s, constructs and
the dev tools at the versions this helmless was tested with), cdk8s.yaml (the target Kubernetes
version and helmless's cdk8s validation plugin), src/ (a typed environment config and a chart with
a WebService and a StatefulDb per environment), a test that fails on a stale dist/, tsconfig.json,
.gitignore, a README, a GitHub Actions workflow (stale dist/ check, 'helmless diff' posted on pull
requests), and an Argo CD Application and a Flux Kustomization per environment (deploy/).
Existing files are never overwritten: when any would be, nothing is written and they are named.
Then: npm install && npm run synth && npm test

Options:
      --name <name>                project name (default: the folder's name, made DNS-safe)
      --kubernetes-version <ver>   the cluster's version, 1.${MIN_MINOR} to 1.${MAX_MINOR} (default ${INIT_KUBERNETES_VERSION})
      --envs <a,b,...>             environments, each rendered into dist/<env>/ (default dev,prod)
      --helmless <npm spec>        how package.json depends on helmless (default ^<this version>;
                                   e.g. file:../helmless-0.2.0.tgz for a packed build)
      --repo-url <git url>         the repository the GitOps tools read (default: a placeholder)
  -h, --help                       show this help

Exit codes: 0 project written, 2 usage error or a file that would be overwritten.
`;

const SPEC = {
  booleans: new Set<string>(),
  values: new Set(['name', 'kubernetes-version', 'envs', 'helmless', 'repo-url']),
  command: 'init',
};

/** helmless's own package.json: its version and the versions it was built and tested with. */
function ownPackage(): { version: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; peerDependencies?: Record<string, string> } {
  // lib/src/cli/init.js when built, src/cli/init.ts under tsx: the nearest helmless package.json above.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'helmless') return pkg;
    }
    if (path.dirname(dir) === dir) throw new Error(`no helmless package.json above ${__dirname}`);
  }
}

/** Parses the flags into scaffold options; throws UsageError naming the bad value and the fix. */
export function initOptions(args: readonly string[], cwd: string): ScaffoldOptions {
  const parsed = tokenizeArgs(args, SPEC);
  if (parsed.paths.length > 0) throw new UsageError(`unexpected argument '${parsed.paths[0]}': init scaffolds the current folder; cd into the new project's folder first`);
  const flag = (name: string): string | undefined => {
    const hits = parsed.flags.filter((f) => f.name === name);
    return hits.length > 0 ? String(hits[hits.length - 1].value) : undefined;
  };
  const name = flag('name') ?? projectNameFrom(path.basename(cwd));
  const nameWhy = nameProblem(name, 30);
  if (nameWhy) throw new UsageError(`project name '${name}' ${nameWhy}; pass --name my-app`);
  const version = flag('kubernetes-version') ?? INIT_KUBERNETES_VERSION;
  const m = /^v?1\.(\d+)(?:\.(\d+))?$/.exec(version);
  if (!m || Number(m[1]) < MIN_MINOR || Number(m[1]) > MAX_MINOR) {
    throw new UsageError(`--kubernetes-version '${version}' is not one helmless has definitions for (1.${MIN_MINOR} to 1.${MAX_MINOR}); pass e.g. --kubernetes-version ${INIT_KUBERNETES_VERSION}`);
  }
  const envs = (flag('envs') ?? 'dev,prod').split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (envs.length === 0) throw new UsageError("--envs needs at least one environment, e.g. --envs dev,prod");
  for (const env of envs) {
    const why = nameProblem(env, 20);
    if (why) throw new UsageError(`environment '${env}' ${why}; pass e.g. --envs dev,prod`);
  }
  if (new Set(envs).size !== envs.length) throw new UsageError(`--envs names an environment twice ('${envs.join(',')}'); name each once`);
  const own = ownPackage();
  const all = { ...own.dependencies, ...own.devDependencies };
  const pick = (pkg: string): string => {
    const v = all[pkg];
    if (!v) throw new Error(`helmless's package.json lists no version of ${pkg}`);
    return v;
  };
  return {
    name,
    kubernetesVersion: `1.${m[1]}.${m[2] ?? '0'}`,
    envs,
    helmlessSpec: flag('helmless') ?? `^${own.version}`,
    helmlessVersion: own.version,
    versions: {
      cdk8s: pick('cdk8s'), constructs: pick('constructs'), 'cdk8s-cli': pick('cdk8s-cli'),
      typescript: pick('typescript'), tsx: pick('tsx'), vitest: pick('vitest'), '@types/node': pick('@types/node'),
    },
    repoUrl: flag('repo-url'),
  };
}

export const command: Command = {
  summary: 'scaffold a new helmless project in the current folder',
  help: HELP,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const err = (line: string) => io.stderr.write(`helmless init: ${line}\n`);
    let options: ScaffoldOptions;
    try {
      options = initOptions(args, io.cwd);
    } catch (e) {
      if (e instanceof UsageError) {
        err(`${e.message}. Run 'helmless init --help'.`);
        return 2;
      }
      throw e;
    }
    const files = scaffold(options);
    const existing = [...files.keys()].filter((f) => fs.existsSync(path.join(io.cwd, f)));
    if (existing.length > 0) {
      err(`not overwriting ${existing.length} existing file${existing.length === 1 ? '' : 's'}: ${existing.join(', ')}; nothing was written. Run init in an empty folder, or move them aside.`);
      return 2;
    }
    for (const [file, content] of files) {
      const target = path.join(io.cwd, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content, { flag: 'wx' });
    }
    io.stdout.write(`${options.name}: ${files.size} files written (Kubernetes ${options.kubernetesVersion}, environments ${options.envs.join(', ')}). Next: npm install && npm run synth && npm test\n`);
    return 0;
  },
};
