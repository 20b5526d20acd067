/** The constructs adopt recognised, as program lines: one HelmlessChart per instance, then the constructs in it. */
import { CONFIG_MAP_CALLS, code as codeOf, ident, mapCodes } from './code';
import { lit, str } from './literals';
import type { Recognized } from './recognize';
import { backendsFirst } from './refs';

/** Names a variable may not take: the program's own, and JavaScript's reserved words (a namespace 'default'). */
const TAKEN = new Set(['app', 'chart', 'k8s', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
  'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined']);

/** A variable for a chart (`suffix` 'Chart') or a ConfigMap ('Config'), from its name. */
export function chartVar(instance: string, used: Set<string>, suffix = 'Chart'): string {
  let v = instance.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[0-9]/, '_$&');
  if (!v || TAKEN.has(v)) v = `${v || 'c'}${suffix}`;
  for (let i = 2, b = v; used.has(v); i++) v = `${b}${i}`;
  used.add(v);
  return v;
}

/**
 * One HelmlessChart per (namespace, instance, partOf), then the constructs in it (ConfigMaps as
 * variables the workloads refer to); when constructs connect to others, the charts first and then
 * every construct after its backends.
 */
export function renderConstructs(recognized0: readonly Recognized[], notes: string[]): string[] {
  const connected = recognized0.some((r) => r.varName !== undefined);
  const recognized = connected ? backendsFirst(recognized0) : recognized0;
  const vars = new Set<string>(recognized.flatMap((r) => (r.varName !== undefined ? [r.varName] : [])));
  const charts = new Map<string, { v: string; code: string[] }>();
  const sequence: string[] = [];
  const configMapVars = new Map<string, string>();
  // A ConfigMap's object key in a call -> its variable.
  const refs = (props: Record<string, unknown>) => mapCodes(props, (c) => ((CONFIG_MAP_CALLS as readonly string[]).includes(c.call)
    ? codeOf(c.call, ident(configMapVars.get(c.arg as string)!), c.key, c.options) : c));
  for (const r of recognized) {
    const key = JSON.stringify(r.chart);
    let c = charts.get(key);
    if (!c) {
      const v = chartVar(r.chart.instance, vars);
      const props = { ...(r.chart.namespace ? { namespace: r.chart.namespace } : {}), instance: r.chart.instance, partOf: r.chart.partOf };
      c = { v, code: [`const ${v} = new HelmlessChart(app, ${str(r.chart.instance)}, ${lit(props)});`] };
      charts.set(key, c);
    }
    let line: string;
    if (r.construct === 'ConfigMap') {
      const v = chartVar(r.id, vars, 'Config');
      configMapVars.set(r.consumes[0], v);
      line = `const ${v} = new ConfigMap(${c.v}, ${str(r.id)}, ${lit(r.props)});`;
    } else {
      const kept = r.asDeployedFields > 0 ? `// ${r.asDeployedFields} field${r.asDeployedFields === 1 ? '' : 's'} kept with asDeployed (no option expresses them yet).\n` : '';
      line = `${kept}${r.varName !== undefined ? `const ${r.varName} = ` : ''}new ${r.construct}(${c.v}, ${str(r.id)}, ${lit(refs(r.props))});`;
      for (const a of r.adds) notes.push(`${r.construct} ${r.id} adds (helmless metadata): ${a}`);
    }
    (connected ? sequence : c.code).push(line);
  }
  const blocks = [...charts.values()].map((c) => c.code.join('\n'));
  return connected ? [blocks.join('\n'), sequence.join('\n')] : blocks;
}
