/**
 * A V8 code cache for the compiled CLI (Node 20 has no `module.enableCompileCache`).
 *
 * A cold `helmless validate` spends a noticeable share of its time compiling lib/ to bytecode,
 * function by function, as each is first called. `npm run build` runs the CLI once over a
 * representative corpus and stores, per module, the bytecode V8 produced by the end of that run
 * (scripts/code-cache.js). At start-up the bin installs a loader hook that hands that bytecode back
 * to V8 for the CLI's own modules.
 *
 * Safety: a cache entry is named after a hash of the module's exact source text, so a rebuilt
 * module never meets bytecode made from another version of it; V8 itself refuses data made by
 * another V8 version or with other flags (the module then compiles as usual). A missing, unreadable
 * or refused entry only costs the normal compile. HELMLESS_CODE_CACHE=0 turns the hook off.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';

/** Where `npm run build` writes the cache: lib/.code-cache (lib/ is the build output, not committed). */
export const CACHE_DIR = path.resolve(__dirname, '..', '..', '.code-cache');

/** The cache entry's file name for a module's source text (content-addressed). */
export function entryName(source: string): string {
  return `${crypto.createHash('sha1').update(source).digest('hex')}.bin`;
}

interface InternalModule {
  exports: unknown;
  filename: string;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface ModuleStatics {
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: unknown;
  _extensions: unknown;
  prototype: InternalModule;
}

export interface CacheStats {
  /** Modules compiled from cached bytecode. */
  used: number;
  /** Modules whose entry V8 refused (other Node version or flags). */
  rejected: number;
  /** Modules with no entry. */
  missing: number;
}

let installed: CacheStats | undefined;

/** lib/. */
const LIB_ROOT = path.resolve(__dirname, '..', '..');

let jsYamlRoot: string | null | undefined;
/**
 * js-yaml's folder (lib/src loads it on every validation; the bundle holds its own copy), found
 * the first time a module of that name is compiled: resolving it costs ~1 ms, which a run of the
 * bundle would pay for nothing.
 */
function inJsYaml(filename: string): boolean {
  if (!filename.includes(`${path.sep}js-yaml${path.sep}`)) return false;
  if (jsYamlRoot === undefined) {
    try {
      jsYamlRoot = path.dirname(require.resolve('js-yaml/package.json')) + path.sep;
    } catch {
      jsYamlRoot = null; // not installed next to lib/: only lib/ is cached
    }
  }
  return jsYamlRoot !== null && filename.startsWith(jsYamlRoot);
}

const recorded: { entry: string; script: vm.Script }[] = [];

/**
 * Installs the hook for modules under `roots` (lib/ and js-yaml by default). With `record` set, remembers each
 * compiled script so writeCache() can store its bytecode when the run is over.
 */
export function install(opts: { roots?: readonly string[]; dir?: string; record?: boolean } = {}): CacheStats | undefined {
  if (installed) return installed;
  if (process.env.HELMLESS_CODE_CACHE === '0') return undefined;
  const roots = (opts.roots ?? [LIB_ROOT]).map((r) => r + path.sep);
  const cached = opts.roots ? (f: string): boolean => roots.some((r) => f.startsWith(r)) : (f: string): boolean => f.startsWith(roots[0]) || inJsYaml(f);
  const dir = opts.dir ?? CACHE_DIR;
  if (!opts.record && !fs.existsSync(dir)) return undefined;
  const M = Module as unknown as ModuleStatics;
  const original = M.prototype._compile;
  const stats: CacheStats = { used: 0, rejected: 0, missing: 0 };
  installed = stats;
  M.prototype._compile = function compileWithCache(this: InternalModule, content: string, filename: string): unknown {
    if (!filename.endsWith('.js') || !cached(filename)) return original.call(this, content, filename);
    const entry = path.join(dir, entryName(content));
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
    // No importModuleDynamically: tsconfig's "module": "commonjs" compiles dynamic imports to
    // require(), so lib/ holds no native dynamic import, which would throw in a script compiled
    // this way (test/cli/code-cache.test.ts checks the build output for one).
    let script: vm.Script;
    try {
      script = new vm.Script(M.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    } catch {
      // a syntax error: let Node's own loader report it the usual way
      return original.call(this, content, filename);
    }
    if (!cachedData) stats.missing++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.used++;
    if (opts.record) recorded.push({ entry, script });
    const mod = this;
    const req = Object.assign((id: string) => mod.require(id), {
      resolve: (request: string, options?: unknown) => M._resolveFilename(request, mod, false, options),
      main: require.main,
      cache: M._cache,
      extensions: M._extensions,
    });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
  };
  return stats;
}

/** Writes the bytecode of every module compiled since install({ record: true }). Returns the count. */
export function writeCache(dir: string = CACHE_DIR): number {
  fs.mkdirSync(dir, { recursive: true });
  for (const { entry, script } of recorded) fs.writeFileSync(path.join(dir, path.basename(entry)), script.createCachedData());
  return recorded.length;
}
