// The pod rules now live by topic (pod-spec.ts, containers.ts, volumes.ts, env.ts, probes.ts,
// resources.ts, scheduling.ts, labels.ts, common.ts); this module keeps their former exports.
export { checkIntOrPercent, checkPortRef, checkQuantityField, enumCheck, isIP, nonNegative, portInRange } from './common';
export { isInt } from './context';
export { checkLabels, checkLabelSelector } from './labels';
export { checkPodSpec } from './pod-spec';
export { VOLUME_SOURCES } from './volumes';
