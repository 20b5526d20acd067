// The test suite's global setup skips the build when lib/.build-stamp.json says lib/ is fresh
// (scripts/build.js isFresh): any change to what lib/ is made from, or to lib/ itself, must make it
// stale, so the bin and the tests never run stale JavaScript. Checked on a small stand-in tree.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { isFresh, inputsHash, outputsHash } = require(path.join(ROOT, 'scripts', 'build.js')) as {
  isFresh(root?: string): boolean;
  inputsHash(root?: string): string;
  outputsHash(root?: string): string;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-stamp-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FILES: Record<string, string> = {
  'tsconfig.json': '{}\n',
  'package-lock.json': '{"lockfileVersion":3}\n',
  'src/index.ts': 'export const a = 1;\n',
  'src/cli/index.ts': 'export const run = () => 0;\n',
  'imports/k8s.ts': 'export class KubePod {}\n',
  'schemas/v1.35.0.definitions.json.gz': 'gz',
  'lib/src/index.js': 'exports.a = 1;\n',
  'lib/src/cli/index.js': 'exports.run = () => 0;\n',
  'lib/cli.js': 'bundle\n',
  'lib/.tsbuildinfo': '{}\n',
};

/** A stand-in checkout whose lib/ was just built from its sources, stamped as scripts/build.js stamps it. */
function builtTree(): string {
  const root = fs.mkdtempSync(path.join(tmp, 'root-'));
  for (const [f, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  fs.writeFileSync(path.join(root, 'lib', '.build-stamp.json'), JSON.stringify({ inputs: inputsHash(root), outputs: outputsHash(root) }));
  return root;
}

describe('the build stamp (skipping the suite\'s build when lib/ is fresh)', () => {
  let root: string;
  beforeEach(() => {
    root = builtTree();
  });

  it('GIVEN a stamped build and nothing changed WHEN asked THEN lib/ is fresh; without a stamp it is not', () => {
    expect(isFresh(root)).toBe(true);
    fs.rmSync(path.join(root, 'lib', '.build-stamp.json'));
    expect(isFresh(root)).toBe(false);
  });

  it.each(['src/index.ts', 'src/cli/index.ts', 'imports/k8s.ts', 'schemas/v1.35.0.definitions.json.gz', 'tsconfig.json', 'package-lock.json'])(
    'GIVEN a stamped build WHEN %s changes THEN lib/ is stale, and fresh again when it is changed back',
    (f) => {
      fs.writeFileSync(path.join(root, f), `${FILES[f]}// edited\n`);
      expect(isFresh(root)).toBe(false);
      fs.writeFileSync(path.join(root, f), FILES[f]);
      expect(isFresh(root)).toBe(true);
    },
  );

  it('GIVEN a stamped build WHEN a source file is added or deleted THEN lib/ is stale', () => {
    fs.writeFileSync(path.join(root, 'src', 'new.ts'), 'export {};\n');
    expect(isFresh(root)).toBe(false);
    fs.rmSync(path.join(root, 'src', 'new.ts'));
    fs.rmSync(path.join(root, 'src', 'cli', 'index.ts'));
    expect(isFresh(root)).toBe(false);
  });

  it('GIVEN a stamped build WHEN a file of lib/ is rewritten, deleted or added THEN lib/ is stale', () => {
    const js = path.join(root, 'lib', 'src', 'index.js');
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(js, later, later);
    expect(isFresh(root)).toBe(false);
    const again = builtTree();
    fs.rmSync(path.join(again, 'lib', 'cli.js'));
    expect(isFresh(again)).toBe(false);
    const third = builtTree();
    fs.writeFileSync(path.join(third, 'lib', 'src', 'stray.js'), '');
    expect(isFresh(third)).toBe(false);
  });

  it('GIVEN a stamped build WHEN `tsc --noEmit` rewrites lib/.tsbuildinfo THEN lib/ is still fresh (nothing was emitted)', () => {
    fs.writeFileSync(path.join(root, 'lib', '.tsbuildinfo'), '{"changed":true}\n');
    expect(isFresh(root)).toBe(true);
  });
});
