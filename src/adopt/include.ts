/**
 * IncludeManifests: existing YAML (hand-written, or `helm template` output) inside a helmless chart.
 * Built on cdk8s `Include`, so every document becomes an ApiObject with its name kept as-is; the
 * objects are then labelled like helmless's own (`app.kubernetes.io/managed-by: helmless`, and
 * `app.kubernetes.io/part-of` when missing) and, being ordinary output, go through the same
 * validation as everything else at `helmless synth` (schema, API-server rules, wiring).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Include } from 'cdk8s';
import { Construct } from 'constructs';
import { HelmlessChart } from '../constructs/helmless-chart';
import { LABEL_MANAGED_BY, LABEL_PART_OF, MANAGED_BY } from '../constructs/labels';

export interface IncludeManifestsProps {
  /** Path of a local YAML file (one or more documents), relative to the process's cwd or absolute. */
  readonly file: string;
  /**
   * Add the standard labels: `app.kubernetes.io/managed-by: helmless` (replacing e.g. `Helm`:
   * helmless manages them now) and `app.kubernetes.io/part-of` where the object has none.
   * Labels only go on object metadata; selectors and pod templates are left alone, since
   * changing them would break a live Deployment (selectors are immutable).
   * @default true
   */
  readonly labels?: boolean;
  /**
   * Value of `app.kubernetes.io/part-of` for objects without one.
   * @default - the HelmlessChart's partOf, else the chart id
   */
  readonly partOf?: string;
}

export class IncludeManifests extends Construct {
  /** The cdk8s Include underneath (escape hatch). */
  public readonly include: Include;
  /** One ApiObject per document, in file order. */
  public readonly apiObjects: readonly ApiObject[];
  public readonly labels: boolean;
  public readonly partOf: string;

  constructor(scope: Construct, id: string, props: IncludeManifestsProps) {
    super(scope, id);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(props.file)) {
      throw new Error(`IncludeManifests at '${this.node.path}': file '${props.file}' is a URL; synth must not depend on the network. Download it once, commit it, and pass the local path.`);
    }
    const abs = path.resolve(props.file);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
      throw new Error(`IncludeManifests at '${this.node.path}': file '${props.file}' does not exist (looked at ${abs}); paths are relative to the folder the app runs in.`);
    }
    this.labels = props.labels ?? true;
    this.partOf = props.partOf ?? HelmlessChart.helmlessOf(this)?.partOf ?? Chart.of(this).node.id;
    this.include = new Include(this, 'include', { url: abs });
    this.apiObjects = this.include.apiObjects;
    if (this.labels) {
      for (const obj of this.apiObjects) {
        obj.metadata.addLabel(LABEL_MANAGED_BY, MANAGED_BY);
        if (obj.metadata.getLabel(LABEL_PART_OF) === undefined) obj.metadata.addLabel(LABEL_PART_OF, this.partOf);
      }
    }
  }
}
