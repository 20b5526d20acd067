/**
 * Records where in the user's TypeScript a construct was created, so a validation finding at
 * synth can name "src/charts/shop.ts:42" next to the construct path.
 *
 * CONTRACT (signature fixed): helmless constructs call `recordCreationSite(this)` first thing in
 * their constructor. The synth pipeline maps each synthesised object to the nearest recorded
 * ancestor (`creationSiteOf`).
 *
 * How: one V8 stack capture (bounded depth), then the first frame that is not helmless itself
 * (src/constructs/, src/app.ts, this file, the compiled lib/), not a dependency (node_modules) and
 * not Node's internals. Under tsx the stack is source-mapped, so the line is the TypeScript line.
 * The location is stored relative to the working directory (the project root at synth) or else to
 * the file's package root, with '/' separators, never absolute: the same source gives the same bytes from any clone path.
 */
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import type { IConstruct } from 'constructs';

/** Frames captured per call: enough to climb out of nested helmless constructors. */
const STACK_DEPTH = 20;

/**
 * One registry per process, even when two copies of this module are loaded (the app through tsx
 * from src/, a library consumer through lib/): keyed on a global symbol.
 */
const REGISTRY_KEY = Symbol.for('helmless.creationSites');
type Registry = WeakMap<IConstruct, string>;
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = new WeakMap();
    g[REGISTRY_KEY] = r;
  }
  return r;
}

/** The helmless package root: this file is <root>/src/source-location.ts or <root>/lib/src/source-location.js. */
const HELMLESS_ROOT = (() => {
  const here = __dirname;
  const parent = path.dirname(here);
  return path.basename(parent) === 'lib' ? path.dirname(parent) : parent;
})();

/** Files and folders whose frames are helmless internals, never the user's creation site. */
const INTERNAL_PREFIXES = [
  path.join(HELMLESS_ROOT, 'src', 'constructs') + path.sep,
  path.join(HELMLESS_ROOT, 'lib') + path.sep,
];
const INTERNAL_FILES = new Set([
  path.join(HELMLESS_ROOT, 'src', 'app.ts'),
  path.join(HELMLESS_ROOT, 'src', 'source-location.ts'),
]);

/** `at fn (file:line:col)` or `at file:line:col`; file may be a file:// URL. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/;

function fileOfFrame(raw: string): string | undefined {
  if (raw.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(raw).pathname);
    } catch {
      return undefined;
    }
  }
  if (!path.isAbsolute(raw)) return undefined; // node:internal/..., <anonymous>, eval
  return raw;
}

function isInternal(file: string): boolean {
  if (file.split(path.sep).includes('node_modules')) return true;
  if (INTERNAL_FILES.has(file)) return true;
  return INTERNAL_PREFIXES.some((p) => file.startsWith(p));
}

const packageRoots = new Map<string, string | undefined>();
/** The nearest folder at or above `dir` holding a package.json, if any (cached). */
function packageRootOf(dir: string): string | undefined {
  if (packageRoots.has(dir)) return packageRoots.get(dir);
  let found: string | undefined;
  if (fs.existsSync(path.join(dir, 'package.json'))) found = dir;
  else {
    const up = path.dirname(dir);
    found = up === dir ? undefined : packageRootOf(up);
  }
  packageRoots.set(dir, found);
  return found;
}

/**
 * Makes a stack file path project-relative with '/' separators: relative to the working folder
 * (the project root at synth) when the file is inside it, else relative to the file's own package
 * root; never absolute, so the result does not depend on where the repository is cloned.
 */
export function relativeSourcePath(file: string, cwd: string = process.cwd()): string {
  let rel = path.relative(cwd, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    const root = packageRootOf(path.dirname(file));
    rel = root ? path.relative(root, file) : path.basename(file);
  }
  return rel.split(path.sep).join('/');
}

/** Raw V8 call sites (no formatting, no source mapping: ~10x cheaper than reading `stack`). */
function rawCallSites(): NodeJS.CallSite[] {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = STACK_DEPTH;
  Error.prepareStackTrace = (_e, sites) => sites;
  try {
    Error.captureStackTrace(holder, captureCallerSite);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** The formatted (source-mapped by whoever installed source maps) stack: the slow, general path. */
function formattedFrames(): { file: string; line: number }[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_DEPTH;
  try {
    Error.captureStackTrace(holder, captureCallerSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const frames: { file: string; line: number }[] = [];
  for (const line of (holder.stack ?? '').split('\n')) {
    const m = FRAME.exec(line);
    const file = m ? fileOfFrame(m[1]) : undefined;
    if (m && file) frames.push({ file, line: Number(m[2]) });
  }
  return frames;
}

type SourceMapLike = { findEntry(line: number, column: number): { originalSource?: string; originalLine?: number } };
const findSourceMap = (Module as unknown as { findSourceMap?: (file: string) => SourceMapLike | undefined }).findSourceMap;

/**
 * The first user frame of the current stack as 'src/charts/shop.ts:42', or undefined when every
 * frame is internal. Fast path: raw call sites, the chosen TypeScript frame mapped through Node's
 * source-map registry (tsx registers its maps there). When a TypeScript frame has no map there
 * (another loader), falls back to the formatted stack, which that loader maps.
 */
export function captureCallerSite(): string | undefined {
  for (const site of rawCallSites()) {
    const name = site.getFileName();
    const file = name ? fileOfFrame(name) : undefined;
    if (!file || isInternal(file)) continue;
    const line = site.getLineNumber() ?? 0;
    if (!/\.[cm]?tsx?$/.test(file)) return `${relativeSourcePath(file)}:${line}`;
    const entry = findSourceMap?.(file)?.findEntry(line - 1, (site.getColumnNumber() ?? 1) - 1);
    if (entry && typeof entry.originalLine === 'number') {
      const original = entry.originalSource ? fileOfFrame(entry.originalSource) ?? file : file;
      return `${relativeSourcePath(original)}:${entry.originalLine + 1}`;
    }
    break;
  }
  for (const frame of formattedFrames()) {
    if (!isInternal(frame.file)) return `${relativeSourcePath(frame.file)}:${frame.line}`;
  }
  return undefined;
}

/**
 * Records the TypeScript line that created `scope` (the first stack frame outside helmless and
 * node_modules). Call it first thing in a construct's constructor. Recording twice keeps the first.
 */
export function recordCreationSite(scope: IConstruct): void {
  const reg = registry();
  if (reg.has(scope)) return;
  const site = captureCallerSite();
  if (site !== undefined) reg.set(scope, site);
}

/**
 * The recorded creation site of `scope`, or of its nearest recorded ancestor; undefined when
 * neither it nor any ancestor recorded one.
 */
export function creationSiteOf(scope: IConstruct): string | undefined {
  const reg = registry();
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    const site = reg.get(c);
    if (site !== undefined) return site;
  }
  return undefined;
}
