// ConfigMap and Secret data: key syntax, base64, the 1 MiB size limit, and the keys a Secret
// type requires.
import { Ctx, obj, own, q, str, type Obj, type RuleTable } from './context';
import { byteLen } from './common';
import { configMapKey } from './syntax';

const MAX_SECRET_SIZE = 1024 * 1024;

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isBase64(s: string): boolean {
  const t = s.replace(/[\r\n]/g, '');
  return t.length % 4 === 0 && B64.test(t);
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function checkDataKeys(ctx: Ctx, kind: string): void {
  const o = ctx.o;
  const sections = kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const seen = new Map<string, string>();
  let total = 0;
  let textChars = 0;
  const texts: string[] = [];
  for (let idx = 0; idx < sections.length; idx++) {
    const sec = sections[idx];
    const m = obj(o[sec]);
    if (!m) continue;
    for (const k in m) {
      const v = m[k];
      const problems = configMapKey(k);
      if (problems.length > 0) {
        ctx.syntax('data-key', sec, k, problems, 'keys are alphanumerics, -, _ and . (at most 253 characters), e.g. app.properties');
      }
      if (kind === 'ConfigMap' && seen.has(k) && seen.get(k) !== sec) {
        ctx.error('data-key', `${sec}[${q(k)}]`, `Invalid value: ${q(k)}: duplicate of key present in ${seen.get(k)}`, 'keep the key in data or binaryData, not both');
      }
      seen.set(k, sec);
      if (typeof v === 'string') {
        const base64 = (kind === 'Secret' && sec === 'data') || (kind === 'ConfigMap' && sec === 'binaryData');
        if (base64 && !isBase64(v)) {
          ctx.error('data-key', `${sec}[${q(k)}]`, `Invalid value: illegal base64 data in ${sec}[${q(k)}]`,
            kind === 'Secret' ? 'base64-encode the value, or put the plain text under stringData' : 'base64-encode the value or move it to data');
        }
        if (base64) total += k.length + Math.floor((v.indexOf('\n') < 0 && v.indexOf('\r') < 0 ? v.length : v.replace(/[\r\n]/g, '').length) * 3 / 4);
        else {
          // UTF-8 bytes lie between the UTF-16 length and three times it: count exactly only
          // when the bound could cross the limit (a native call per value otherwise)
          total += k.length + v.length;
          textChars += v.length;
          texts.push(v);
        }
      }
    }
  }
  if (total + 2 * textChars > MAX_SECRET_SIZE) {
    for (const v of texts) total += byteLen(v) - v.length;
  }
  if (total > MAX_SECRET_SIZE) {
    ctx.error('data-key', sections[0], `Too long: must have at most ${MAX_SECRET_SIZE} bytes`, `a ${kind} holds at most 1 MiB; split it or use a volume`);
  }
}

/** Whether a Secret has the key `k` in data or stringData (asked only for the types that need keys). */
function hasDataKey(o: Obj, k: string): boolean {
  const data = obj(o.data);
  const stringData = obj(o.stringData);
  return (!!data && Object.hasOwn(data, k)) || (!!stringData && Object.hasOwn(stringData, k));
}

function checkSecretType(ctx: Ctx): void {
  const o = ctx.o;
  const type = str(o.type);
  const req = type ? own(SECRET_REQUIRED_KEYS, type) : undefined;
  if (req) {
    for (let idx = 0; idx < req.length; idx++) {
      const k = req[idx];
      if (!hasDataKey(o, k)) ctx.error('secret-type', `data[${q(k)}]`, `Required value: a ${type} Secret needs the key ${q(k)}`, `add ${k} under data or stringData`);
    }
  }
  if (type === 'kubernetes.io/basic-auth' && !hasDataKey(o, 'username') && !hasDataKey(o, 'password')) {
    ctx.error('secret-type', 'data', 'Required value: a kubernetes.io/basic-auth Secret needs username or password', 'add username and password');
  }
  if (type === 'kubernetes.io/service-account-token' && !str(obj(obj(o.metadata)?.annotations)?.['kubernetes.io/service-account.name'])) {
    ctx.error('secret-type', 'metadata.annotations[kubernetes.io/service-account.name]', 'Required value',
      'annotate the Secret with kubernetes.io/service-account.name: <service account>');
  }
}

const V1 = ['v1'];

export const DATA_RULES: RuleTable = {
  ConfigMap: [{ name: 'configmap/data', apiVersions: V1, check: checkDataKeys }],
  Secret: [
    { name: 'secret/data', apiVersions: V1, check: checkDataKeys },
    { name: 'secret/type', apiVersions: V1, check: checkSecretType },
  ],
};
