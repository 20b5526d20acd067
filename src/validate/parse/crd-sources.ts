/**
 * The user's CRDs that are not among the files validated: each `--crds DIR` (in the order given),
 * then the project's crds/ folder (in the working directory) when there is one. They take
 * precedence over the bundled schemas; CRDs among the files validated take precedence over them.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../types';
import { readInputs, walkDirectory, type InputIO } from './inputs';
import { parseManifests } from './yaml';

export interface CrdSources {
  /** CRD objects with the file holding each, in order of precedence. */
  readonly crds: { readonly file: string; readonly object: unknown }[];
  /** Problems reading or parsing those files (`input/…`, `parse/…`). */
  readonly findings: Finding[];
}

/** The project's CRD folder, relative to the working directory. */
export const PROJECT_CRDS_DIR = 'crds';

export async function readCrdSources(dirs: readonly string[], io: InputIO): Promise<CrdSources> {
  const list = [...dirs];
  const project = path.join(io.cwd, PROJECT_CRDS_DIR);
  const given = new Set(dirs.map((d) => path.resolve(io.cwd, d)));
  if (!given.has(project) && fs.statSync(project, { throwIfNoEntry: false })?.isDirectory()) list.push(PROJECT_CRDS_DIR);
  if (list.length === 0) return { crds: [], findings: [] };
  const input = await readInputs(list, { cwd: io.cwd });
  return { crds: crdObjects(input.docs), findings: input.findings };
}

/** The CRD objects among parsed documents (List items included), with their files. */
function crdObjects(docs: readonly { readonly object: unknown; readonly source: { readonly file: string } }[]): { file: string; object: unknown }[] {
  const crds: { file: string; object: unknown }[] = [];
  for (const d of docs) {
    const o = d.object as Record<string, unknown> | null;
    if (!o || typeof o !== 'object') continue;
    const items = typeof o.kind === 'string' && o.kind.toLowerCase() === 'list' && Array.isArray(o.items) ? o.items : [o];
    for (const item of items) {
      const i = item as Record<string, unknown> | null;
      if (i && typeof i === 'object' && i.kind === 'CustomResourceDefinition') crds.push({ file: d.source.file, object: i });
    }
  }
  return crds;
}

/**
 * The project's CRDs at synth (synchronous): the local CRD files cdk8s.yaml imports (the typed
 * L1 classes were generated from them, so they are exactly what the constructs can emit), then
 * the project's crds/ folder. Unreadable or unparsable files are left out: the import itself
 * would have failed on them.
 */
export function projectCrdSources(cwd: string, importedFiles: readonly string[]): { file: string; object: unknown }[] {
  const files: string[] = importedFiles.map((f) => path.resolve(cwd, f));
  const dir = path.join(cwd, PROJECT_CRDS_DIR);
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) files.push(...walkDirectory(dir, () => {}));
  const docs: { object: unknown; source: { file: string } }[] = [];
  for (const abs of files) {
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch {
      continue;
    }
    docs.push(...parseManifests(text, path.relative(cwd, abs).split(path.sep).join('/')).docs);
  }
  return crdObjects(docs);
}
