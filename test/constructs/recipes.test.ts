import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as helmless from '../../src';
import { synth } from './helpers';
import { synthErrors } from './valid';

/**
 * docs/recipes.md, run as written: each ```ts block becomes the body of a function of `chart`,
 * importing the helmless names it uses. Every recipe must synthesise, pass what `helmless synth`
 * checks, and print no construct warning.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'recipes.md'), 'utf8');
const TMP = path.join(ROOT, '.vitest-tmp', 'recipes');

interface Recipe { readonly title: string; readonly code: string; readonly file: string }

function recipes(): Recipe[] {
  const out: Recipe[] = [];
  let section = '';
  let n = 0;
  for (const part of DOC.split(/^(## .*|```ts\n[\s\S]*?^```)$/m)) {
    if (part.startsWith('## ')) { section = part.slice(3).trim(); n = 0; continue; }
    if (!part.startsWith('```ts')) continue;
    n++;
    const code = part.slice('```ts\n'.length, -3);
    out.push({ title: `${section} #${n}`, code, file: path.join(TMP, `${section.replace(/\W+/g, '-')}-${n}.ts`) });
  }
  return out;
}

const ALL = recipes();
const EXPORTED = new Set(Object.keys(helmless));

async function load(r: Recipe): Promise<(chart: Chart) => void> {
  const names = [...new Set(r.code.match(/\b[A-Za-z_]\w*\b/g) ?? [])].filter((w) => EXPORTED.has(w)).sort();
  const src = `import { ${names.join(', ')} } from '${path.relative(TMP, path.join(ROOT, 'src')).split(path.sep).join('/')}';\n`
    + `export default function recipe(chart: any): void {\n${r.code}}\n`;
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(r.file, src);
  return (await import(r.file)).default;
}

let printed = '';
beforeEach(() => {
  printed = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { printed += String(chunk); return true; });
  return () => vi.restoreAllMocks();
});
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('README quick start', () => {
  it('GIVEN the quick start as written WHEN synthesised THEN helmless synth would accept it, no construct warns, and the Namespace enforces restricted', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /### Quick start\n\n```ts\n([\s\S]*?)^```/m.exec(readme)![1];
    expect(block).toMatch(/^app\.synth\(\);$/m);
    const body = block.replace(/^import .*\n/gm, '').replace(/^app\.synth\(\);\n/m, '');
    const names = [...new Set(body.match(/\b[A-Za-z_]\w*\b/g) ?? [])].filter((w) => EXPORTED.has(w)).sort();
    const file = path.join(TMP, 'quick-start.ts');
    fs.mkdirSync(TMP, { recursive: true });
    fs.writeFileSync(file, `import { App, Chart } from 'cdk8s';\nimport { ${names.join(', ')} } from '../../src';\n${body}export default chart;\n`);
    const chart: Chart = (await import(file)).default;
    const objects = synth(chart);
    expect(objects.find((o) => o.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(synthErrors(chart)).toEqual([]);
    expect(printed).not.toMatch(/helmless warning/);
  });
});

describe('docs/recipes.md', () => {
  it('GIVEN the recipes page WHEN read THEN it holds the five recipes (nginx, fluent-bit, node-exporter, postgres, redis)', () => {
    expect([...new Set(ALL.map((r) => r.title.replace(/ #\d+$/, '')))]).toEqual(['nginx', 'fluent-bit', 'node-exporter', 'postgres', 'redis']);
  });

  it.each(ALL)('GIVEN the recipe $title WHEN synthesised THEN helmless synth would accept it and no construct warns', async (r) => {
    const recipe = await load(r);
    const chart = new Chart(Testing.app(), 'recipe', { namespace: 'recipes' });
    recipe(chart);
    expect(synth(chart).length).toBeGreaterThan(0);
    expect(synthErrors(chart)).toEqual([]);
    expect(printed).not.toMatch(/helmless warning/);
    expect(helmless.warningsOf(chart)).toEqual([]);
  });
});
