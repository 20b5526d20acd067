import { Chart, Testing, Yaml } from 'cdk8s';
import { targetVersion } from '../../src/constructs/target-version';
import { validateOutput } from '../../src/synth/validate';

/**
 * The findings `helmless synth` would refuse the chart for: strict schema, API-server rules,
 * wiring with complete evidence, and the lint's unsuppressed errors (as 'file: rule message').
 */
export function synthErrors(chart: Chart, kubernetesVersion = targetVersion(chart).text): string[] {
  const text = Yaml.stringify(...Testing.synth(chart));
  const { findings } = validateOutput([{ relPath: 'chart.k8s.yaml', displayPath: 'chart.k8s.yaml', text }], { kubernetesVersion });
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.message}`);
}
