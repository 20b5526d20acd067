// `helmless adopt FILE.yaml [...] > app.ts`: prints a TypeScript program recreating the manifests.
import * as fs from 'fs';
import type { CliIO, Command } from './main';
import { AdoptDocument, AdoptError, generateProgram } from '../adopt';
import { parseManifests } from '../validate/parse/yaml';

const HELP = `Usage: helmless adopt FILE.yaml [FILE.yaml ...] [options] > app.ts

Prints a self-contained TypeScript program (importing from 'helmless' and 'cdk8s') that recreates
the objects of the given manifests (kubectl output, 'helm template' output, hand-written YAML; '-'
reads stdin). Running it writes them into CDK8S_OUTDIR (default dist/) with the same objects and
fields. A workload becomes a helmless construct (WebService, StatefulDb, WorkerJob, Cron,
DaemonAgent) only when rendering that construct reproduces its objects (verified, not guessed);
otherwise a comment says what the construct would change. Every other object becomes its typed
class (k8s.KubeDeployment, ...) with Quantity and IntOrString values typed; a custom resource, a
removed API version or a field outside the schema of the bundled L1 types is kept verbatim as a plain
ApiObject, with a comment saying why. What is not reproduced (status, server-set metadata, null
fields) and the defaults a construct adds are listed at the top of the program and on stderr.

Options:
  -c, --chart <id>     chart id and output file name of the non-construct objects (default: adopted)
      --no-constructs  typed L1 objects only, no construct recognition
  -h, --help           show this help

Exit codes: 0 program printed, 2 usage error or unreadable input.
`;

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export const command: Command = {
  summary: 'print a TypeScript program that recreates existing manifests',
  help: HELP,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const err = (line: string) => io.stderr.write(`helmless adopt: ${line}\n`);
    const files: string[] = [];
    let chart: string | undefined;
    let constructs = true;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--chart' || a === '-c' || a.startsWith('--chart=')) {
        chart = a.startsWith('--chart=') ? a.slice(8) : args[++i];
        if (!chart || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(chart)) {
          err(`'--chart' needs a lowercase DNS-1123 name such as 'legacy', got '${chart ?? ''}'. Run 'helmless adopt --help'.`);
          return 2;
        }
      } else if (a === '--no-constructs') {
        constructs = false;
      } else if (a.startsWith('-') && a !== '-') {
        err(`unknown option '${a}'. Run 'helmless adopt --help'.`);
        return 2;
      } else {
        files.push(a);
      }
    }
    if (files.length === 0) {
      err("no input: name one or more YAML files (or '-' for stdin). Run 'helmless adopt --help'.");
      return 2;
    }
    const docs: AdoptDocument[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = file === '-' ? await readStdin(io.stdin) : fs.readFileSync(require('path').resolve(io.cwd, file), 'utf8');
      } catch (e) {
        err(`cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
        return 2;
      }
      const shown = file === '-' ? '<stdin>' : file;
      const { docs: parsed, findings } = parseManifests(text, shown);
      const bad = findings.find((f) => f.severity === 'error');
      if (bad) {
        err(`${shown}: document ${bad.documentIndex + 1}${bad.line ? ` (line ${bad.line})` : ''}: ${bad.message}`);
        return 2;
      }
      for (const d of parsed) docs.push({ file: shown, documentIndex: d.source.documentIndex, object: d.object });
    }
    try {
      const result = generateProgram(docs, { chart, constructs, commandLine: ['helmless adopt', ...args].join(' ') });
      io.stdout.write(result.code);
      const typed = result.objects.filter((o) => o.via.startsWith('k8s.')).length;
      const plain = result.objects.filter((o) => o.via === 'ApiObject').length;
      err(`${result.objects.length} object${result.objects.length === 1 ? '' : 's'}: ${result.objects.length - typed - plain} in helmless constructs, ${typed} typed k8s.Kube*, ${plain} plain ApiObject.`);
      for (const o of result.objects) if (o.reason) err(`${o.file} document ${o.documentIndex + 1} (${o.kind} ${o.name}): plain ApiObject: ${o.reason}`);
      for (const n of result.notes) err(`not reproduced: ${n}`);
      for (const w of result.warnings) err(`warning: ${w}`);
      return 0;
    } catch (e) {
      if (e instanceof AdoptError) {
        err(e.message);
        return 2;
      }
      throw e;
    }
  },
};
