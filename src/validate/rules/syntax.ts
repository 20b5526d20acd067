/**
 * Kubernetes value syntax, as the API server checks it. Pure functions shared by the
 * validator and by the constructs (which check props eagerly). Each returns the list of
 * problems (empty = valid), phrased like the API server's messages.
 *
 * CONTRACT (signatures are fixed; bodies are being implemented):
 */
export function dns1123Subdomain(_value: string): string[] { return []; }
export function dns1123Label(_value: string): string[] { return []; }
/** RFC 1035 label (Service names): starts with a letter. */
export function dns1035Label(_value: string): string[] { return []; }
export function labelKey(_value: string): string[] { return []; }
export function labelValue(_value: string): string[] { return []; }
/** Kubernetes resource.Quantity syntax ('500m', '10Gi', '1e3'). */
export function quantity(_value: string): string[] { return []; }
/** Parse a quantity to a number (bytes / cores); undefined when not a valid quantity. */
export function parseQuantity(_value: string): number | undefined { return undefined; }
/** Cron schedule as the CronJob controller accepts it (5 fields, @macros, TZ= prefix rejected). */
export function cronSchedule(_value: string): string[] { return []; }
/** Environment variable name; the rules relaxed in 1.34 (any printable ASCII but '='). */
export function envVarName(_value: string, _kubernetesVersion = '1.27.0'): string[] { return []; }
/** IANA port name (IANA_SVC_NAME): 1-15 chars, lowercase alnum and '-', at least one letter. */
export function portName(_value: string): string[] { return []; }
/** ConfigMap / Secret data key: [-._a-zA-Z0-9]+, at most 253 chars, not '.' or '..'. */
export function configMapKey(_value: string): string[] { return []; }
