// This repository's own app: the example shop, one chart per environment, each written to its
// own folder (dist/dev/, dist/prod/) with a kustomization.yaml, so an Argo CD Application or a
// Flux Kustomization points at one environment's folder.
import type { Chart } from 'cdk8s';
import { HelmlessApp } from './app';
import { ENVIRONMENTS, ShopChart } from './charts';

/** Output folder per chart: the environment's stage. */
const folders = new Map<Chart, string>();

function fileName(chart: Chart): string {
  const folder = folders.get(chart);
  if (!folder) throw new Error(`src/main.ts: chart '${chart.node.path}' has no output folder; add it to 'folders'`);
  return `${folder}/shop`;
}

/** Builds the app; exported so tests can inspect the objects without writing files. */
export function buildApp(app: HelmlessApp = new HelmlessApp({ fileName, kustomization: true })): HelmlessApp {
  for (const env of ENVIRONMENTS) folders.set(new ShopChart(app, `shop-${env.stage}`, env), env.stage);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
