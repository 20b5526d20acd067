#!/usr/bin/env node
'use strict';
// The public API report: every name the package exports (src/index.ts), with what it is, one per
// line, sorted. test/api-report.test.ts compares it with the committed api-report.txt, so a change
// to the public surface is a reviewed change, never an accident.
//   node scripts/api-report.js          prints the report
//   node scripts/api-report.js --write  writes api-report.txt
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'index.ts');
const REPORT = path.join(ROOT, 'api-report.txt');

function kindOf(checker, symbol) {
  const s = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const f = s.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.ValueModule || f & ts.SymbolFlags.NamespaceModule) return 'namespace';
  return 'other';
}

function report() {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([ENTRY], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(ENTRY));
  const lines = checker.getExportsOfModule(moduleSymbol).map((s) => `${s.getName()}: ${kindOf(checker, s)}`);
  return `${lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n')}\n`;
}

module.exports = { report, REPORT };

if (require.main === module) {
  const text = report();
  if (process.argv.includes('--write')) {
    fs.writeFileSync(REPORT, text);
    process.stdout.write(`api-report.txt: ${text.split('\n').length - 1} exported names\n`);
  } else {
    process.stdout.write(text);
  }
}
