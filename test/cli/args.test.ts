import { describe, expect, it } from 'vitest';
import { listValue, tokenizeArgs, UsageError } from '../../src/cli/args';

const spec = { booleans: new Set(['strict']), values: new Set(['output', 'o']), ignored: new Set(['debug']), command: 'validate' };

describe('tokenizeArgs: the option syntax of validate and lint', () => {
  it('GIVEN kubeconform and GNU spellings WHEN tokenized THEN paths and flags come out in order', () => {
    expect(tokenizeArgs(['-strict', 'a.yaml', '--output=json', '-o', 'sarif', '-', '-debug', '--', '-odd.yaml'], spec)).toEqual({
      paths: ['a.yaml', '-', '-odd.yaml'],
      flags: [{ name: 'strict', value: true }, { name: 'output', value: 'json' }, { name: 'o', value: 'sarif' }],
    });
    expect(tokenizeArgs(['--strict=false'], spec).flags).toEqual([{ name: 'strict', value: false }]);
  });

  it('GIVEN a bad option WHEN tokenized THEN a usage error names it and what to do', () => {
    expect(() => tokenizeArgs(['--strikt'], spec)).toThrow(UsageError);
    expect(() => tokenizeArgs(['--strikt'], spec)).toThrow(/unknown option '--strikt'\. Run 'helmless validate --help'/);
    expect(() => tokenizeArgs(['--strict=yes'], spec)).toThrow(/--strict takes no value \(or =true\/=false\), got 'yes'/);
    expect(() => tokenizeArgs(['--output'], spec)).toThrow(/option --output needs a value/);
    expect(() => tokenizeArgs(['--Output'], spec)).toThrow(/unknown option '--Output'/);
  });

  it('GIVEN a comma list WHEN split THEN blanks are dropped', () => {
    expect(listValue('Deployment, Service,,')).toEqual(['Deployment', 'Service']);
  });
});
