// helmless graph on hostile input: the fuzzer's mutated manifests and the hostile fixtures never
// make the graph or its renderers throw, and no JavaScript coercion text reaches a drawing.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { buildGraph, objectYaml, renderDot, renderMermaid, renderSvg } from '../../src/graph';
import { parseManifests } from '../../src/validate/parse/yaml';
import { loadSeeds, makeCase } from '../fuzz/mutate';

const HOSTILE = path.join(__dirname, '..', 'fixtures', 'hostile');

function draw(text: string, file: string, svg: boolean): string {
  const { docs } = parseManifests(text, file);
  const graph = buildGraph(docs);
  const out = [renderMermaid(graph), renderDot(graph), JSON.stringify(graph), ...objectYaml(docs).values(), ...(svg ? [renderSvg(graph)] : [])].join('\n');
  return out;
}

describe('graph on hostile input', () => {
  it('GIVEN the hostile fixtures WHEN drawn in every format THEN nothing throws and no [object Object] appears', () => {
    for (const f of fs.readdirSync(HOSTILE)) {
      const out = draw(fs.readFileSync(path.join(HOSTILE, f), 'utf8'), f, true);
      expect(out, f).not.toMatch(/\[object Object\]/);
    }
  });

  it('GIVEN 600 mutated inputs (six mutation families) WHEN drawn THEN nothing throws and no [object Object] appears', () => {
    const seeds = loadSeeds({ corpus: false });
    for (let i = 0; i < 600; i++) {
      const c = makeCase(seeds, 11, i);
      const text = c.bytes.toString('utf8');
      const out = draw(text, `case-${i}.yaml`, false);
      // (a mutation may write the text itself, as a JSON key: only text the graph made counts)
      if (!text.includes('[object Object]')) expect(out, `case ${i} (${c.family})`).not.toMatch(/\[object Object\]/);
    }
  });
});
