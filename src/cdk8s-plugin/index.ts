/**
 * helmless validation as a cdk8s validation plugin, so `npx cdk8s synth` runs the same checks as
 * `helmless synth`. Declared in cdk8s.yaml:
 *
 *   validations:
 *     - package: ./lib/src/cdk8s-plugin   # a local path must start with './' (cdk8s-cli rule)
 *       version: 0.1.0                     # any exact version; ranges are refused by cdk8s-cli
 *       class: HelmlessValidation
 *       properties:
 *         kubernetesVersion: 1.27.0        # optional; default: the k8s@ import in cdk8s.yaml
 *
 * cdk8s-cli loads the compiled module (lib/, built by `npm ci`), instantiates the class with
 * `properties`, and calls `validate(context)` with the synthesised manifest paths; each finding
 * becomes a violation and any error fails the report, so `cdk8s synth` exits non-zero. Unlike
 * `helmless synth`, cdk8s has already written (and first deleted) the output folder by then.
 *
 * The types below mirror cdk8s-cli's plugin contract (lib/plugins/validation.d.ts) structurally,
 * so this module does not import cdk8s-cli at run time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultSourcesFileFor } from '../app';
import { readProjectConfig } from '../synth/config';
import { projectCrdSources } from '../validate/parse/crd-sources';
import { formatFinding, OutputFile, readSources, validateOutput } from '../synth/validate';
import type { SynthesizedObjectSource } from '../app';

interface ValidationViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}
interface ValidationViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly ValidationViolatingResource[];
}
export interface Cdk8sValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(v: ValidationViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  /** resourceName -> construct path; cdk8s-cli fills it from construct-metadata.json. */
  readonly metadata?: { readonly [key: string]: { readonly path: string } };
}

export interface HelmlessValidationProps {
  /** Kubernetes version to validate against. @default - the k8s@ import in cdk8s.yaml, else 1.27.0 */
  readonly kubernetesVersion?: string;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The sidecar HelmlessApp wrote for the output folder holding `manifest`, searching upwards. */
function sidecarFor(manifest: string): { file: string; outdir: string } | undefined {
  let dir = path.dirname(path.resolve(manifest));
  for (;;) {
    const file = defaultSourcesFileFor(dir);
    if (fs.existsSync(file)) return { file, outdir: dir };
    const up = path.dirname(dir);
    if (up === dir || dir === process.cwd()) return undefined;
    dir = up;
  }
}

export class HelmlessValidation {
  private readonly kubernetesVersion: string;

  constructor(props: HelmlessValidationProps = {}) {
    this.kubernetesVersion = props.kubernetesVersion ?? readProjectConfig(process.cwd()).kubernetesVersion;
  }

  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const manifests = [...context.manifests].sort();
    const sidecar = manifests.length > 0 ? sidecarFor(manifests[0]) : undefined;
    const outRoot = sidecar?.outdir;
    const files: OutputFile[] = manifests.map((m) => {
      const abs = path.resolve(m);
      const rel = path.relative(process.cwd(), abs);
      return {
        relPath: outRoot ? toPosix(path.relative(outRoot, abs)) : path.basename(abs),
        displayPath: toPosix(rel.startsWith('..') ? abs : rel),
        text: fs.readFileSync(abs, 'utf8'),
      };
    });
    let sources = new Map<string, SynthesizedObjectSource>();
    if (sidecar) {
      sources = readSources(sidecar.file);
      fs.rmSync(sidecar.file, { force: true });
    }
    const crdSources = projectCrdSources(process.cwd(), readProjectConfig(process.cwd()).crdFiles);
    const { findings, objects } = validateOutput(files, { kubernetesVersion: this.kubernetesVersion, sources, crdSources });
    // The report looks construct paths up in context.metadata (the same object). cdk8s fills it
    // from construct-metadata.json, which would land in the output folder, so HelmlessApp does not
    // write it; the plugin adds the paths it knows from the sidecar instead.
    const metadata = context.metadata as Record<string, { path: string }> | undefined;
    for (const f of findings) {
      const resourceName = f.object?.name ? `${f.object.kind ?? ''}/${f.object.name}` : `document ${f.documentIndex}`;
      if (metadata && f.constructPath && Object.isExtensible(metadata)) metadata[resourceName] = { path: f.constructPath };
      const origin = [f.constructPath ? `construct ${f.constructPath}` : undefined, f.sourceLocation].filter(Boolean).join(', ');
      context.report.addViolation({
        ruleName: `${f.severity} ${f.rule}`,
        recommendation: `${f.message}${origin ? ` (${origin})` : ''}`,
        fix: f.fix ?? 'see the message',
        violatingResources: [
          {
            resourceName,
            locations: [`${f.file}#${f.documentIndex}${f.path ? ` ${f.path}` : ''}`],
            manifestPath: f.file,
          },
        ],
      });
      context.logger.log(formatFinding(f));
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    context.report.submit(errors > 0 ? 'failure' : 'success', {
      files: String(files.length),
      objects: String(objects),
      errors: String(errors),
      warnings: String(findings.filter((f) => f.severity === 'warning').length),
      kubernetesVersion: this.kubernetesVersion,
    });
  }
}
