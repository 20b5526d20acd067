import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseInput, readInputs } from '../../src/validate/parse/inputs';
import { locateFindings } from '../../src/validate/parse/locate';
import { SourceTexts } from '../../src/validate/parse/texts';
import { parseWindowed, WINDOW_BYTES, WINDOWED_FROM, type WindowedStream } from '../../src/validate/parse/windows';
import type { Finding, ManifestDocument } from '../../src/validate/types';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-windows-'));

/** Documents of every shape the cut must respect, repeated until the text is `bytes` long. */
function largeStream(bytes: number): string {
  const parts = [
    '# a comment before the first document\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n',
    '--- # a separator with a comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café-naïve\ndata:\n  a: |\n    ünïcode block line\n',
    '---\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: after-two-separators\n',
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a-tab-is-a-yaml-error\n',
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow-style, labels: {app: x}}\ndata: {k: "v"}\n',
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: duplicate-key\n',
    '---\n\n# only a comment\n',
  ];
  let text = '\ufeff';
  for (let i = 0; text.length < bytes; i++) text += (i === 0 ? '' : '---\n') + parts[i % parts.length].replace(/^---\n/, '').replace(/name: (\S+)/, `name: $1-${i}`);
  // one document longer than a window, and a stream that ends on a separator line
  return text + `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  big: ${'x'.repeat(WINDOW_BYTES * 2)}\n---\n`;
}

interface Read {
  docs: { object: unknown; source: ManifestDocument['source'] }[];
  findings: Finding[];
  located: Finding[];
}

async function readAll(file: string): Promise<Read> {
  const docs: ManifestDocument[] = [];
  const input = await readInputs([file], { cwd: tmp, onDocument: (d) => docs.push(d) });
  // a finding on a path in every document, located through the texts readInputs returns
  const probe = docs.filter((_, k) => k % 37 === 0 || k === docs.length - 1).map((d) => ({ severity: 'error' as const, rule: 'test/probe', message: '', file: d.source.file, documentIndex: d.source.documentIndex, path: 'metadata.name' }));
  return { docs: docs.map((d) => ({ object: d.object, source: d.source })), findings: input.findings, located: locateFindings([...input.findings, ...probe], input.texts) };
}

/** The first line of each document of a parsed stream (what the windows must agree with). */
function docsLines(texts: import('../../src/validate/parse/texts').SourceTexts, n: number): number[] {
  return Array.from({ length: n }, (_, k) => texts.documentText('large.yaml', k)!.line);
}

describe('readInputs: a large file parsed in windows', () => {
  it('GIVEN a file of several windows (byte-order mark, non-ASCII text, separators with comments, empty and broken documents, one document longer than a window) WHEN read THEN documents, lines, findings and located positions are those of the whole text', async () => {
    const text = largeStream(2 * WINDOWED_FROM);
    const file = path.join(tmp, 'large.yaml');
    fs.writeFileSync(file, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(WINDOWED_FROM);
    const got = await readAll(file);
    // the whole-text parse of the same bytes
    const docs: ManifestDocument[] = [];
    const whole = parseInput(fs.readFileSync(file), 'large.yaml', (d) => docs.push(d));
    const probe = docs.filter((_, k) => k % 37 === 0 || k === docs.length - 1).map((d) => ({ severity: 'error' as const, rule: 'test/probe', message: '', file: 'large.yaml', documentIndex: d.source.documentIndex, path: 'metadata.name' }));
    expect(got.docs.length).toBeGreaterThan(10000);
    expect(got.docs).toEqual(docs.map((d) => ({ object: d.object, source: d.source })));
    expect(got.findings).toEqual(whole.findings);
    expect(got.findings.map((f) => f.rule)).toContain('parse/yaml');
    expect(got.located).toEqual(locateFindings([...whole.findings, ...probe], whole.texts));
    expect(got.located.filter((f) => f.rule === 'test/probe' && f.line === undefined)).toEqual([]);
    // and it was read in windows
    const fd = fs.openSync(file, 'r');
    try {
      const w = parseWindowed(fd, fs.fstatSync(fd).size, 'large.yaml', () => undefined, []);
      expect(w).toBeDefined();
      expect(w!.lines).toEqual(docsLines(whole.texts, w!.lines.length));
      expect(whole.texts.documentText('large.yaml', w!.lines.length)).toBeUndefined();
    } finally {
      fs.closeSync(fd);
    }
  });

  it('GIVEN a large file with a NUL byte near its end WHEN read THEN it is reported as binary and none of its documents is parsed (the check comes before the windows)', async () => {
    const file = path.join(tmp, 'binary.yaml');
    fs.writeFileSync(file, largeStream(WINDOWED_FROM + WINDOW_BYTES) + '\u0000');
    const got = await readAll(file);
    expect(got.docs).toEqual([]);
    expect(got.findings.map((f) => f.rule)).toEqual(['input/binary']);
  });

  it('GIVEN a large file with invalid UTF-8 in its last window WHEN read THEN input/encoding with the offset of the whole file, and no document', async () => {
    const file = path.join(tmp, 'latin1.yaml');
    const text = largeStream(WINDOWED_FROM + WINDOW_BYTES);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(text), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])]));
    const got = await readAll(file);
    expect(got.docs).toEqual([]);
    expect(got.findings).toHaveLength(1);
    expect(got.findings[0].message).toContain(`offset ${Buffer.byteLength(text) + 3}`);
  });

  it('GIVEN findings in a few documents of a large file WHEN located THEN only the bytes around those documents are read again, never the whole file', async () => {
    const file = path.join(tmp, 'ranges.yaml');
    fs.writeFileSync(file, largeStream(2.5 * WINDOWED_FROM));
    const docs: ManifestDocument[] = [];
    const input = await readInputs([file], { cwd: tmp, onDocument: (d) => docs.push(d) });
    const asked = [docs[3], docs[docs.length - 2]].map((d) => ({ severity: 'error' as const, rule: 'test/probe', message: '', file: d.source.file, documentIndex: d.source.documentIndex, path: 'metadata.name' }));
    // the same texts, with every read again recorded
    const reads: [number, number][] = [];
    const texts = new SourceTexts();
    const w = windowed(file);
    const read = (buf: Buffer, start: number): number => {
      const fd = fs.openSync(file, 'r');
      try {
        const n = fs.readSync(fd, buf, 0, buf.length, start);
        reads.push([start, start + n]);
        return n;
      } finally {
        fs.closeSync(fd);
      }
    };
    texts.addByteRanges('ranges.yaml', w, read);
    const located = locateFindings(asked, texts);
    expect(located).toEqual(locateFindings(asked, input.texts));
    expect(located.every((f) => f.line !== undefined && f.line > 1)).toBe(true);
    expect(reads).toHaveLength(2);
    const size = fs.statSync(file).size;
    expect(reads.reduce((n, [a, b]) => n + b - a, 0)).toBeLessThan(size / 2);
  });

  it('GIVEN a large file rewritten after it was read WHEN its findings are located THEN they are left without a line (the bytes on disk are no longer the ones parsed)', async () => {
    const file = path.join(tmp, 'rewritten.yaml');
    const text = largeStream(WINDOWED_FROM + WINDOW_BYTES);
    fs.writeFileSync(file, text);
    const docs: ManifestDocument[] = [];
    const input = await readInputs([file], { cwd: tmp, onDocument: (d) => docs.push(d) });
    const probe = [{ severity: 'error' as const, rule: 'test/probe', message: '', file: docs[5].source.file, documentIndex: 5, path: 'metadata.name' }];
    // same size, other bytes: only the modification time tells
    fs.writeFileSync(file, text.replace('kind: ConfigMap', 'kind: ConfigMaq'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(fs.statSync(file).size).toBe(Buffer.byteLength(text));
    expect(locateFindings(probe, input.texts)[0].line).toBeUndefined();
    // read again as it is now, it is located again
    const again = await readInputs([file], { cwd: tmp, onDocument: () => undefined });
    expect(locateFindings(probe, again.texts)[0].line).toBeGreaterThan(1);
  });
});

/** Where the documents of a large file are, as parseWindowed finds them. */
function windowed(file: string): WindowedStream {
  const fd = fs.openSync(file, 'r');
  try {
    const w = parseWindowed(fd, fs.fstatSync(fd).size, path.basename(file), () => undefined, []);
    expect(w).toBeDefined();
    return w!;
  } finally {
    fs.closeSync(fd);
  }
}
