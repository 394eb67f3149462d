import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConditionValueSets } from './build-condition-value-sets';
import { buildRxnormTable } from './build-rxnorm-table';
import { parseValueSetTsv } from './value-set-tsv';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'knowledge', 'data');
const readTsv = (id: string): string => readFileSync(join(DATA_DIR, `${id}.tsv`), 'utf8');
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8'));

describe('parseValueSetTsv', () => {
  it('reads the name, OID, expansion and rows', () => {
    const parsed = parseValueSetTsv(
      '# VSAC value set "Dysthymia" OID 2.16.840.1.113883.3.67.1.101.1.254, expansion "eCQM Update 2021-05-06" (x)\nsystem\tcode\tdisplay\nhttp://hl7.org/fhir/sid/icd-10-cm\tF341\tDysthymic disorder\n',
      'dysthymia.tsv'
    );
    expect(parsed).toEqual({
      name: 'Dysthymia',
      oid: '2.16.840.1.113883.3.67.1.101.1.254',
      version: 'eCQM Update 2021-05-06',
      codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F341', display: 'Dysthymic disorder' }],
    });
  });

  it.each([
    ['no header', 'system\tcode\tdisplay\n'],
    ['no column header', '# VSAC value set "X" OID 1.2, expansion "v"\nfoo\n'],
    ['a short row', '# VSAC value set "X" OID 1.2, expansion "v"\nsystem\tcode\tdisplay\nhttp://x\tA\n'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseValueSetTsv(text, 'x.tsv')).toThrow(/x\.tsv/);
  });
});

describe('generated knowledge data', () => {
  it('rxnorm-clinical-drugs.json is what build-rxnorm-table.ts produces from the checked-in TSVs', () => {
    expect(readJson('rxnorm-clinical-drugs.json')).toEqual(buildRxnormTable(readTsv));
  });

  it('condition-value-sets.json is what build-condition-value-sets.ts produces from the checked-in TSVs', () => {
    expect(readJson('condition-value-sets.json')).toEqual(buildConditionValueSets(readTsv));
  });

  it('rejects a medication display it cannot parse', () => {
    const broken = (id: string): string =>
      `# VSAC value set "${id}" OID 1.2.3, expansion "v"\nsystem\tcode\tdisplay\nhttp://www.nlm.nih.gov/research/umls/rxnorm\t1\tmystery tablet\n`;
    expect(() => buildRxnormTable(broken)).toThrow(/cannot parse/);
  });

  it('keeps nicotine codes out of the substance-use union', () => {
    const substance = buildConditionValueSets(readTsv).valueSets.find((valueSet) => valueSet.id === 'substance-use');
    const icd = substance?.codesBySystem['http://hl7.org/fhir/sid/icd-10-cm'] ?? [];
    expect(icd).toContain('F1020');
    expect(icd.filter((code) => code.startsWith('F17'))).toEqual([]);
  });
});
