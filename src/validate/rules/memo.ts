// Manifests repeat the same names, label keys and values, quantities and schedules thousands of
// times: each helper remembers the values it found valid (bounded) and answers them with a fresh
// empty list, so a repeated valid value costs a Set lookup instead of regexes and splits.
export const MEMO_LIMIT = 20000;
export function rememberValid(check: (value: string) => string[]): (value: string) => string[] {
  const valid = new Set<string>();
  return (value: string): string[] => {
    if (valid.has(value)) return [];
    const errs = check(value);
    if (errs.length === 0) {
      if (valid.size >= MEMO_LIMIT) valid.clear();
      valid.add(value);
    }
    return errs;
  };
}
