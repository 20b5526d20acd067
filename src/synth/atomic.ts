/**
 * Staging folders and the atomic swap of the output folder.
 *
 * A run stages everything in one hidden folder next to the output (same filesystem, so renames
 * are atomic): `.<output>.helmless-XXXXXX/` holding `out/` (the app's CDK8S_OUTDIR),
 * `sources.json` (attribution) and `pid`. The swap renames the old output to `<staging>/old`,
 * renames `<staging>/out` to the output, then deletes the staging folder. Any failure in between
 * puts the old output back.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface Staging {
  readonly root: string;
  readonly out: string;
  readonly sourcesFile: string;
}

function stagingPrefix(outAbs: string): string {
  return `.${path.basename(outAbs)}.helmless-`;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes staging folders left by runs that were killed (their pid is gone). If such a run died
 * mid-swap with the output moved aside and not yet replaced, the old output is put back first.
 */
export function removeStaleStaging(outAbs: string): void {
  const parent = path.dirname(outAbs);
  const prefix = stagingPrefix(outAbs);
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of entries) {
    if (!name.startsWith(prefix)) continue;
    const root = path.join(parent, name);
    let pid = NaN;
    try {
      pid = Number(fs.readFileSync(path.join(root, 'pid'), 'utf8'));
    } catch {
      // no pid file: a run that died right after mkdtemp
    }
    if (alive(pid) && pid !== process.pid) continue;
    const old = path.join(root, 'old');
    if (fs.existsSync(old) && !fs.existsSync(outAbs)) fs.renameSync(old, outAbs);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function createStaging(outAbs: string): Staging {
  const parent = path.dirname(outAbs);
  fs.mkdirSync(parent, { recursive: true });
  const root = fs.mkdtempSync(path.join(parent, stagingPrefix(outAbs)));
  fs.writeFileSync(path.join(root, 'pid'), String(process.pid));
  return { root, out: path.join(root, 'out'), sourcesFile: path.join(root, 'sources.json') };
}

export function removeStaging(staging: Staging): void {
  fs.rmSync(staging.root, { recursive: true, force: true });
}

/**
 * Replaces `outAbs` by `staging.out`: old aside, new in, old deleted. On failure the old output
 * is restored and the error rethrown. The staging folder is removed either way.
 */
export function swapIn(staging: Staging, outAbs: string): void {
  const old = path.join(staging.root, 'old');
  let movedAside = false;
  try {
    if (fs.existsSync(outAbs)) {
      fs.renameSync(outAbs, old);
      movedAside = true;
    }
    fs.renameSync(staging.out, outAbs);
  } catch (e) {
    if (movedAside && !fs.existsSync(outAbs)) fs.renameSync(old, outAbs);
    removeStaging(staging);
    throw e;
  }
  removeStaging(staging);
}
