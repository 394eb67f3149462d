import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/bulk/export-client';
import { readNdjsonLines, type NdjsonLine } from '../src/ndjson-lines';
import { toCsvCell } from '../src/outputs/csv';
import { linkToPatient, resolvePatientReference } from '../src/patient-reference';
import { buildUrgencyKey, type RegistryRow } from '../src/registry-row';
import { Progress } from '../src/progress';
import { parseShard, shardOf } from '../src/shard';

async function collect(chunks: (string | Buffer)[], max: number): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  for await (const line of readNdjsonLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), max))
    lines.push(line);
  return lines;
}

describe('readNdjsonLines', () => {
  it('splits lines across chunk boundaries, drops blank lines and CRLF ends', async () => {
    const lines = await collect(['{"a"', ':1}\r\n\n{"b":2}\n', '{"c"', ':3}'], 100);
    expect(lines.map((line) => (line.kind === 'line' ? line.text : line.kind))).toEqual([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
    expect(lines.map((line) => line.lineNumber)).toEqual([1, 3, 4]);
  });

  it('never holds more than the cap of one line: an endless line is reported once, and reading goes on after it', async () => {
    const lines = await collect(['ok\n', 'x'.repeat(50), 'x'.repeat(50), 'x'.repeat(50), '\nnext\n'], 64);
    expect(lines).toEqual([
      { kind: 'line', lineNumber: 1, text: 'ok' },
      { kind: 'oversized', lineNumber: 2, bytes: 150 },
      { kind: 'line', lineNumber: 3, text: 'next' },
    ]);
  });

  it('keeps every line of any text split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[a-z{}":,0-9]{1,20}$/), { maxLength: 20 }),
        fc.nat(30),
        async (parts, cut) => {
          const text = parts.join('\n');
          const at = Math.min(cut, text.length);
          const lines = await collect([text.slice(0, at), text.slice(at)], 1000);
          expect(lines.map((line) => (line.kind === 'line' ? line.text : ''))).toEqual(parts);
        }
      )
    );
  });
});

describe('patient references fail closed', () => {
  it('accepts Patient/{id} (optionally versioned) and the export server’s absolute form only', () => {
    const bases = ['https://ehr.example.org/fhir'];
    expect(resolvePatientReference('Patient/p1', bases)).toBe('p1');
    expect(resolvePatientReference('Patient/p1/_history/3', bases)).toBe('p1');
    expect(resolvePatientReference('https://ehr.example.org/fhir/Patient/p1', bases)).toBe('p1');
    for (const bad of [
      'patient/p1',
      'Patient/',
      'Patient/p1/extra',
      'Patient/p 1',
      'urn:uuid:1234',
      '#p1',
      'Patient?identifier=x|1',
      'https://evil.example.org/fhir/Patient/p1',
      'https://ehr.example.org/fhir2/Patient/p1',
      'Group/g1',
    ]) {
      expect(resolvePatientReference(bad, bases)).toBeUndefined();
    }
  });

  it('drops a resource whose subject and patient disagree, or whose subject is not a reference', () => {
    expect(linkToPatient({ resourceType: 'Observation', subject: { reference: 'Patient/a' } }, [])).toEqual({
      kind: 'patient',
      patientId: 'a',
    });
    expect(
      linkToPatient(
        { resourceType: 'Observation', subject: { reference: 'Patient/a' }, patient: { reference: 'Patient/b' } },
        []
      )
    ).toEqual({ kind: 'unlinked', why: 'conflicting' });
    expect(linkToPatient({ resourceType: 'Observation', subject: 'Patient/a' }, [])).toEqual({
      kind: 'unlinked',
      why: 'unresolvable',
    });
    expect(linkToPatient({ resourceType: 'Observation' }, [])).toEqual({ kind: 'unlinked', why: 'no-reference' });
  });
});

describe('CSV cells', () => {
  it('quotes every cell and keeps formulas as text', () => {
    expect(toCsvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r']) expect(toCsvCell(`${lead}1`).startsWith(`"'`)).toBe(true);
    expect(toCsvCell('a,b\nc')).toBe('"a,b\nc"');
    expect(toCsvCell(undefined)).toBe('""');
  });
});

describe('urgency order', () => {
  const row = (patientId: string, over: Partial<RegistryRow>): RegistryRow => ({
    patientId,
    status: 'none',
    item9: false,
    phq9Path: '',
    confoundersPresent: [],
    safetyFlags: [],
    meetsTrd: false,
    thaseRushStage: 0,
    reason: '',
    phq9: [],
    ...over,
  });
  it('puts item 9 first, then flagged statuses (unknown new statuses before none), then higher scores', () => {
    const rows = [
      row('e', { status: 'none', latestPhq9: 20 }),
      row('d', { status: 'some-new-status' }),
      row('c', { status: 'emerging' }),
      row('b', { status: 'possible', latestPhq9: 12 }),
      row('a', { status: 'none', item9: true }),
      row('f', { status: 'possible', latestPhq9: 18 }),
    ];
    const sorted = [...rows].sort((x, y) => buildUrgencyKey(x).localeCompare(buildUrgencyKey(y)));
    expect(sorted.map((item) => item.patientId)).toEqual(['a', 'f', 'b', 'c', 'd', 'e']);
  });
});

describe('shards', () => {
  it('parses i/n and assigns every id to exactly one stable shard', () => {
    expect(parseShard('2/4')).toEqual({ index: 1, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1/2/3']) expect(() => parseShard(bad)).toThrow(/--shard/);
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (id, count) => {
        const shard = shardOf(id, count);
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(count);
        expect(shardOf(id, count)).toBe(shard);
      })
    );
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, clamped to the maximum', () => {
    expect(parseRetryAfter('5', 2, 120)).toBe(5);
    expect(parseRetryAfter(null, 2, 120)).toBe(2);
    expect(parseRetryAfter('99999', 2, 120)).toBe(120);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 2, 120, 0)).toBe(10);
    expect(parseRetryAfter('soon', 2, 120)).toBe(2);
  });
});

describe('progress', () => {
  function run(isTTY: boolean): string {
    let output = '';
    let clock = 0;
    const progress = new Progress(
      { isTTY, write: (text: string) => (output += text) },
      'assess',
      100,
      'patients',
      () => clock,
      5
    );
    for (let step = 0; step < 10; step += 1) {
      clock += 1000;
      progress.advance(10);
    }
    progress.finish();
    return output;
  }

  it('redraws one bar with rate and ETA on a terminal', () => {
    const output = run(true);
    expect(output).toContain('\r');
    expect(output).toMatch(/assess █+░* 50% 50\/100 patients, 10\/s ETA 00:05/);
    expect(output.endsWith('100% 100/100 patients, 10/s in 00:10\x1b[K\n')).toBe(true);
  });

  it('prints plain lines (no control characters) every few seconds elsewhere', () => {
    const lines = run(false).trim().split('\n');
    expect(lines).toEqual([
      'assess: 50% 50/100 patients, 10/s, ETA 00:05',
      'assess: 100% 100/100 patients, 10/s, ETA 00:00',
      'assess: 100% 100/100 patients, 10/s, done in 00:10',
    ]);
  });
});
