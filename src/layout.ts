// Names shared by the app (which writes dist/) and the synth pipeline (which reads it), kept in
// a module without dependencies so the CLI does not load cdk8s to know them.

/** File name of the per-folder kustomization HelmlessApp writes with `kustomization: true`. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';
