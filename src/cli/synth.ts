// `helmless synth`: what `npm run synth` runs. See src/synth/pipeline.ts.
import * as path from 'path';
import type { CliIO, Command } from './main';
import { ConfigError, readProjectConfig } from '../synth/config';
import { EXIT_USAGE, synthesize } from '../synth/pipeline';
import { resolveVersion, UnknownVersionError } from '../validate/schema';

const HELP = `Usage: helmless synth [options]

Runs the app named in ./cdk8s.yaml (like 'cdk8s synth'), validates every object it writes
(strict schema, API-server rules, cross-object wiring; each finding names the construct and the
TypeScript line), and only when there is no error replaces the output folder atomically.
On any failure the output folder is left byte-for-byte as it was.

Options:
  -a, --app <command>             command that runs the app (default: 'app' in cdk8s.yaml)
  -o, --output <dir>              output folder (default: 'output' in cdk8s.yaml, else dist)
      --kubernetes-version <x.y>  Kubernetes version to validate against
                                  (default: the k8s@ import in cdk8s.yaml, else 1.27.0)
  -q, --quiet                     no summary line and no app stdout (findings still print)
      --graph <file>              after a successful synth, draw the output's wiring into <file>
                                  (.html, .svg, .dot, .json, else Mermaid; see 'helmless graph')
      --no-lint                   skip the policy lint (restricted Pod Security profile and
                                  best practices; on by default, suppress per object with
                                  helmless.io/allow-<rule>: "<reason>")
  -h, --help                      show this help

Exit codes: 0 written, 1 validation errors (nothing written), 2 usage error or the app failed.
`;

interface Parsed {
  app?: string;
  output?: string;
  kubernetesVersion?: string;
  quiet: boolean;
  lint: boolean;
  graph?: string;
}

class UsageError extends Error {}

const WITH_VALUE: Record<string, keyof Parsed> = {
  '--app': 'app',
  '-a': 'app',
  '--output': 'output',
  '-o': 'output',
  '--kubernetes-version': 'kubernetesVersion',
  '--graph': 'graph',
};

function parse(args: readonly string[]): Parsed {
  const p: Parsed = { quiet: false, lint: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--quiet' || flag === '-q' || flag === '--no-lint') {
      if (eq > 0) throw new UsageError(`'${flag}' takes no value (got '${arg}')`);
      if (flag === '--no-lint') p.lint = false;
      else p.quiet = true;
      continue;
    }
    const key = WITH_VALUE[flag];
    if (key) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) {
        throw new UsageError(`'${flag}' needs a value`);
      }
      (p as unknown as Record<string, string>)[key] = value;
      continue;
    }
    if (arg.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
    throw new UsageError(`unexpected argument '${arg}' (synth takes no files; the app comes from cdk8s.yaml or --app)`);
  }
  if (p.kubernetesVersion !== undefined && !/^1\.\d+(\.\d+)?$/.test(p.kubernetesVersion)) {
    throw new UsageError(`'--kubernetes-version' must look like 1.27 or 1.27.0, got '${p.kubernetesVersion}'`);
  }
  return p;
}

export const command: Command = {
  summary: 'synthesise the app into validated YAML and replace the output folder atomically',
  help: HELP,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    let parsed: Parsed;
    let config;
    try {
      parsed = parse(args);
      config = readProjectConfig(io.cwd);
    } catch (e) {
      if (e instanceof UsageError || e instanceof ConfigError) {
        io.stderr.write(`helmless synth: ${e.message}. Run 'helmless synth --help'.\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const app = parsed.app ?? config.app;
    if (!app) {
      io.stderr.write(`helmless synth: no app to run: cdk8s.yaml has no 'app' and --app was not given (e.g. --app 'npx tsx src/main.ts').\n`);
      return EXIT_USAGE;
    }
    let kubernetesVersion: string;
    try {
      kubernetesVersion = resolveVersion(parsed.kubernetesVersion ?? config.kubernetesVersion);
    } catch (e) {
      if (e instanceof UnknownVersionError) {
        io.stderr.write(`helmless synth: ${parsed.kubernetesVersion ? '--kubernetes-version' : 'cdk8s.yaml k8s@ import'}: ${e.message}.\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const code = await synthesize({
      cwd: io.cwd,
      app,
      output: parsed.output ?? config.output,
      kubernetesVersion,
      quiet: parsed.quiet,
      lint: parsed.lint,
      crdFiles: config.crdFiles,
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    if (code !== 0 || !parsed.graph) return code;
    return drawGraph(parsed.graph, parsed.output ?? config.output, kubernetesVersion, io);
  },
};

/** `--graph FILE`: the wiring of what synth just wrote, in the format the file's extension names. */
async function drawGraph(file: string, output: string, kubernetesVersion: string, io: CliIO): Promise<number> {
  const ext = path.extname(file).slice(1);
  const format = ['html', 'svg', 'dot', 'json'].includes(ext) ? ext : 'mermaid';
  const { command: graph } = await import('./graph');
  return graph.run([output, '--output', format, '--out', file, '--kubernetes-version', kubernetesVersion], io);
}
