/**
 * Every document gets a verdict: when a check throws on a document, that document gets an error
 * finding 'internal/<check>' naming the check, and every other document is still judged. Nothing
 * is swallowed: the finding says a check failed, and it fails the run (exit 1). Pure; no I/O.
 */
import type { Finding, ManifestDocument } from './types';
import { documentPath } from './types';
import { objectRef, obj } from './untyped';

/** Rule ids of check failures start with this. */
export const INTERNAL_PREFIX = 'internal/';

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `thrown ${typeof e}: ${JSON.stringify(e) ?? typeof e}`;
  } catch {
    return `thrown ${typeof e}`;
  }
}

/** The finding for a check `check` that threw `e` on `doc`. */
export function internalFinding(doc: ManifestDocument, check: string, e: unknown): Finding {
  const o = obj(doc.object);
  const f: { -readonly [K in keyof Finding]: Finding[K] } = {
    severity: 'error',
    rule: `${INTERNAL_PREFIX}${check}`,
    message: `the ${check} checks failed on this document (${describeError(e)}), so it has no verdict from them`,
    file: doc.source.file,
    documentIndex: doc.source.documentIndex,
    path: documentPath(doc.source, ''),
    fix: 'this is a helmless bug: report it with the document; the other documents were checked',
  };
  if (o) f.object = objectRef(o);
  if (doc.source.constructPath) f.constructPath = doc.source.constructPath;
  if (doc.source.sourceLocation) f.sourceLocation = doc.source.sourceLocation;
  return f;
}

/** Rule id of the finding for one API rule that threw on one document. */
export const RULE_ERROR = `${INTERNAL_PREFIX}rule-error`;

/**
 * The finding for the API rule `rule` that threw `e` on `doc`: it names the rule and the
 * document; the document's other rules ran and their findings stand.
 */
export function ruleErrorFinding(doc: ManifestDocument, rule: string, e: unknown): Finding {
  const f = { ...internalFinding(doc, rule, e) } as { -readonly [K in keyof Finding]: Finding[K] };
  const o = obj(doc.object);
  const what = o ? `${typeof o.kind === 'string' ? o.kind : 'object'}${typeof obj(o.metadata)?.name === 'string' ? ` '${obj(o.metadata)?.name as string}'` : ''}` : 'this document';
  f.rule = RULE_ERROR;
  f.message = `the API rule '${rule}' failed on ${what} (${describeError(e)}), so this document has no verdict from that rule; its other rules ran`;
  f.fix = `this is a helmless bug: report it with the document; the rule '${rule}' threw, the other rules and documents were checked`;
  return f;
}

/** Runs `fn` (the checks of one document); a throw becomes an internal finding on `doc` in `out`. */
export function guardDocument(out: Finding[], doc: ManifestDocument, check: string, fn: () => void): void {
  const before = out.length;
  try {
    fn();
  } catch (e) {
    out.length = before; // a half-run check's findings are not a verdict
    out.push(internalFinding(doc, check, e));
  }
}

/**
 * Runs a layer that judges documents together (`run` over all of them). When it throws, the
 * documents it throws on by themselves get an internal finding and the layer runs again on the
 * others; when it still throws (a failure only in combination), every remaining document gets
 * the internal finding: none is left without a verdict.
 */
export function guardLayer(docs: readonly ManifestDocument[], check: string, run: (docs: readonly ManifestDocument[]) => Finding[]): Finding[] {
  try {
    return run(docs);
  } catch (e) {
    // a failure without any document (a usage error: an unknown Kubernetes version) is the caller's
    if (docs.length === 0 || failsAlone(run)) throw e;
  }
  const failed: Finding[] = [];
  const rest: ManifestDocument[] = [];
  for (const d of docs) {
    try {
      run([d]);
      rest.push(d);
    } catch (e) {
      failed.push(internalFinding(d, check, e));
    }
  }
  try {
    return failed.concat(run(rest));
  } catch (e) {
    return failed.concat(rest.map((d) => internalFinding(d, check, e)));
  }
}

function failsAlone(run: (docs: readonly ManifestDocument[]) => Finding[]): boolean {
  try {
    run([]);
    return false;
  } catch {
    return true;
  }
}

/** Whether a finding reports a check failure. */
export function isInternal(f: Finding): boolean {
  return f.rule.startsWith(INTERNAL_PREFIX);
}
