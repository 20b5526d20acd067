// This repository's own app: the example shop, one chart (and one dist/ file) per environment.
import { HelmlessApp } from './app';
import { DEV, PROD, ShopChart } from './charts';

/** Builds the app; exported so tests can inspect the objects without writing files. */
export function buildApp(app: HelmlessApp = new HelmlessApp()): HelmlessApp {
  new ShopChart(app, 'shop-dev', DEV);
  new ShopChart(app, 'shop-prod', PROD);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
