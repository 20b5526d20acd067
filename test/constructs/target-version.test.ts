import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_TARGET_VERSION, TARGET_VERSION_CONTEXT, TARGET_VERSION_ENV, clearTargetVersionCache,
  parseKubernetesVersion, projectTargetVersion, servesFeature, targetVersion, targetVersionSource,
} from '../../src/constructs/target-version';

const savedEnv = process.env[TARGET_VERSION_ENV];
const savedCwd = process.cwd();
afterEach(() => {
  if (savedEnv === undefined) delete process.env[TARGET_VERSION_ENV]; else process.env[TARGET_VERSION_ENV] = savedEnv;
  process.chdir(savedCwd);
  clearTargetVersionCache();
});

function projectWith(imports: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-target-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: node main.js\nimports:\n${imports.map((i) => `  - ${i}\n`).join('')}`);
  return dir;
}

describe('target Kubernetes version', () => {
  it('GIVEN version texts WHEN parsed THEN x.y, x.y.z and vx.y.z are read and anything else is refused', () => {
    expect(parseKubernetesVersion('1.35')).toEqual({ major: 1, minor: 35, text: '1.35.0' });
    expect(parseKubernetesVersion('v1.29.3')).toEqual({ major: 1, minor: 29, text: '1.29.3' });
    expect(parseKubernetesVersion('latest')).toBeUndefined();
  });

  it('GIVEN a project whose cdk8s.yaml imports k8s@1.31.0 WHEN a plain cdk8s App renders THEN the target is 1.31 with no code in the app', () => {
    delete process.env[TARGET_VERSION_ENV];
    process.chdir(projectWith(['k8s@1.31.0', 'crds/x.yaml']));
    const app = Testing.app();
    expect(targetVersionSource(app)).toEqual({ text: '1.31.0', source: 'cdk8s.yaml' });
    expect(targetVersion(app).minor).toBe(31);
    expect(servesFeature(app, 'nativeSidecars')).toBe(true);
  });

  it('GIVEN the environment variable and the context WHEN both are set THEN the context wins over the environment, which wins over cdk8s.yaml', () => {
    process.chdir(projectWith(['k8s@1.31.0']));
    process.env[TARGET_VERSION_ENV] = '1.28';
    const app = Testing.app();
    expect(targetVersion(app).minor).toBe(28);
    expect(servesFeature(app, 'nativeSidecars')).toBe(false);
    app.node.setContext(TARGET_VERSION_CONTEXT, '1.33');
    expect(targetVersion(app).minor).toBe(33);
  });

  it('GIVEN no project and nothing set WHEN a construct asks THEN it gets the version of the bundled L1 types', () => {
    delete process.env[TARGET_VERSION_ENV];
    process.chdir(fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-noproject-')));
    expect(projectTargetVersion()).toBeUndefined();
    expect(targetVersion(Testing.app()).text).toBe(DEFAULT_TARGET_VERSION);
  });

  it('GIVEN a version helmless has no definitions for WHEN a construct asks THEN one line names the source, the value, the range and the fix', () => {
    process.env[TARGET_VERSION_ENV] = '1.19';
    expect(() => targetVersion(Testing.app())).toThrow(/HELMLESS_KUBERNETES_VERSION must be a version from 1\.27 to 1\.36.*k8s@1\.35\.0/);
  });
});
