// Cron schedules (robfig/cron v3 ParseStandard, as used by the CronJob controller), plus batch
// validation's refusal of TZ= / CRON_TZ= prefixes. Part of the value syntax (syntax.ts re-exports it).
import { rememberValid } from './memo';

interface CronBounds { readonly min: number; readonly max: number; readonly names?: Record<string, number> }

const CRON_FIELDS: readonly CronBounds[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  {
    min: 1, max: 12,
    names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  },
  { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } },
];

const CRON_DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

function cronInt(expr: string): number | string {
  if (!/^[-+]?[0-9]+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`;
  const n = Number(expr);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function cronIntOrName(expr: string, names?: Record<string, number>): number | string {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined) return v;
  }
  return cronInt(expr);
}

function cronRange(expr: string, r: CronBounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = cronIntOrName(lowAndHigh[0], r.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const e = cronIntOrName(lowAndHigh[1], r.names);
      if (typeof e === 'string') return e;
      end = e;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = cronInt(rangeAndStep[1]);
    if (typeof st === 'string') return st;
    step = st;
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** Cron schedule as the CronJob controller accepts it (5 fields, @macros, TZ= prefix rejected). */
export function cronSchedule(value: string): string[] {
  return cronScheduleMemo(value);
}
const cronScheduleMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.includes('TZ')) {
    errs.push('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  }
  const parseErr = parseCron(value);
  if (parseErr) errs.push(parseErr);
  return errs;
});

/**
 * The schedules nearly every manifest uses: five fields, one space apart, each a star, a star
 * with a step of 1 or more, or a number in range. True means parseCron would accept the schedule; false means "not sure":
 * the full parser decides.
 */
export function plainValidCron(spec: string): boolean {
  let field = 0;
  let i = 0;
  const n = spec.length;
  while (field < 5) {
    const r = CRON_FIELDS[field];
    const c = spec.charCodeAt(i);
    if (c === 42) {
      // a star, or a star and a step
      i++;
      if (spec.charCodeAt(i) === 47) {
        i++;
        let step = 0;
        const from = i;
        while (i < n && spec.charCodeAt(i) >= 48 && spec.charCodeAt(i) <= 57 && i - from < 3) step = step * 10 + spec.charCodeAt(i++) - 48;
        if (i === from || step === 0) return false;
      }
    } else if (c >= 48 && c <= 57) {
      let v = 0;
      const from = i;
      while (i < n && spec.charCodeAt(i) >= 48 && spec.charCodeAt(i) <= 57 && i - from < 3) v = v * 10 + spec.charCodeAt(i++) - 48;
      if (v < r.min || v > r.max) return false;
    } else {
      return false;
    }
    field++;
    if (field < 5) {
      if (spec.charCodeAt(i) !== 32) return false;
      i++;
    }
  }
  return i === n;
}

function parseCron(spec: string): string | undefined {
  return plainValidCron(spec) ? undefined : parseCronFully(spec);
}

/** robfig/cron's parser, field by field (exported for the test holding plainValidCron to it). */
export function parseCronFully(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let s = spec;
  // robfig/cron strips a leading TZ=/CRON_TZ= zone before parsing; batch validation refuses it above.
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.search(/\s/);
    if (i < 0) return 'missing schedule after timezone';
    s = s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    if (CRON_DESCRIPTORS.has(s)) return undefined;
    if (s.startsWith('@every ')) {
      const d = s.slice('@every '.length);
      return GO_DURATION.test(d) ? undefined : `failed to parse duration ${s}: time: invalid duration "${d}"`;
    }
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i].split(',')) {
      const err = cronRange(expr, CRON_FIELDS[i]);
      if (err) return err;
    }
  }
  return undefined;
}
