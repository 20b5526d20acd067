// The graph as a person uses it: the HTML page opened in Debian's Chromium (playwright-core drives
// it: headless, no sandbox as root, background networking off), and the Mermaid output parsed and
// rendered by the mermaid package itself in the same browser. .ci/run installs chromium; where it
// is missing, the tests are skipped with a loud message.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildGraph, objectYaml, renderHtml, renderMermaid } from '../../src/graph';
import { readInputs, validateDocuments } from '../../src/validate';

const CHROMIUM = process.env.HELMLESS_CHROMIUM ?? '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
if (!present) {
  process.stderr.write(`\n!!! test/graph/browser.test.ts SKIPPED: no browser at ${CHROMIUM}. Install Debian's chromium (apt-get install chromium), as .ci/run does.\n\n`);
}
const ROOT = path.join(__dirname, '..', '..');
/** Screenshots land here (ignored by git). */
const SHOTS = path.join(ROOT, '.vitest-tmp');

async function exampleApp() {
  const input = await readInputs([path.join(ROOT, 'dist', 'prod')], { cwd: ROOT });
  const findings = validateDocuments(input.docs, { kubernetesVersion: '1.35', evidence: 'partial' });
  return { docs: input.docs, graph: buildGraph(input.docs, { findings }) };
}

describe.skipIf(!present)('the graph in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('GIVEN the example app as an HTML page WHEN opened THEN its objects and edges are drawn, clicking the web Deployment shows its YAML, and a screenshot is saved', async () => {
    const { docs, graph } = await exampleApp();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-graph-')), 'graph.html');
    fs.writeFileSync(file, renderHtml(graph, { title: 'shop prod', yaml: objectYaml(docs) }));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (window as unknown as { helmlessGraph?: { ready: boolean } }).helmlessGraph?.ready === true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]); // self-contained: nothing is fetched
    expect(await page.locator('g.node').count()).toBe(graph.nodes.length);
    expect(await page.locator('g.edge').count()).toBe(graph.edges.length);
    for (const id of ['Deployment/shop/web', 'Service/shop/web', 'StatefulSet/shop/db', 'HTTPRoute/shop/web']) {
      expect(await page.locator(`g.node[data-id="${id}"]`).count()).toBe(1);
    }
    expect(await page.locator('g.edge[data-from="Service/shop/web"][data-to="Deployment/shop/web"][data-type="selects"]').count()).toBe(1);
    // Every node lies inside the drawing (the layout placed it).
    const boxes = await page.locator('g.node rect').evaluateAll((rs) => rs.map((r) => (r as SVGGraphicsElement).getBBox()).map((b) => [b.x, b.y, b.width, b.height]));
    expect(boxes.every(([x, y, w, h]) => Number.isFinite(x) && Number.isFinite(y) && w > 0 && h > 0)).toBe(true);

    await page.locator('g.node[data-id="Deployment/shop/web"]').click();
    await expect.poll(() => page.locator('#details h2').textContent()).toBe('Deployment web');
    expect(await page.locator('#details pre').textContent()).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);

    await page.fill('#search', 'postgres');
    expect(await page.locator('g.node.match').count()).toBeGreaterThan(0);
    expect(await page.locator('g.node.match[data-id="StatefulSet/shop/db"]').count()).toBe(1);
    await page.fill('#search', '');

    fs.mkdirSync(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, 'graph-example.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it('GIVEN a graph of 1,000 workloads WHEN its page opens THEN it starts collapsed by app and clicking an app opens it', async () => {
    const docs = [];
    for (let a = 0; a < 50; a++) {
      for (let w = 0; w < 20; w++) {
        const name = `app${a}-w${w}`;
        const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': `app${a}` };
        docs.push({ object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'big', labels }, spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } } } }, source: { file: 'big.yaml', documentIndex: docs.length } });
        docs.push({ object: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'big', labels }, spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ port: 80 }] } }, source: { file: 'big.yaml', documentIndex: docs.length } });
      }
    }
    const graph = buildGraph(docs);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-graph-')), 'big.html');
    fs.writeFileSync(file, renderHtml(graph));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (window as unknown as { helmlessGraph?: { ready: boolean } }).helmlessGraph?.ready === true);
    expect(await page.locator('g.node').count()).toBe(50);
    await page.locator('g.node[data-id="Group/big/app7"]').click();
    await expect.poll(() => page.locator('g.node').count()).toBe(49 + 40);
    await page.close();
  });

  it("GIVEN the example app's Mermaid WHEN mermaid itself parses and renders it in the browser THEN it is valid, and a broken one is refused", async () => {
    const { graph } = await exampleApp();
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js') });
    const check = (text: string) => page.evaluate(async (t) => {
      const m = (window as unknown as { mermaid: { parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      try {
        await m.parse(t);
        const { svg } = await m.render(`m${Math.random().toString(36).slice(2)}`, t);
        return `ok ${svg.length}`;
      } catch (e) {
        return `error ${(e as Error).message ?? e}`;
      }
    }, text);
    expect(await check(renderMermaid(graph))).toMatch(/^ok \d{4,}/);
    expect(await check('flowchart LR\n  a -->|"x| b\n')).toMatch(/^error Parse error/);
    await page.close();
  });
});
