import { format } from 'prettier';

/**
 * Reads the VSAC value-set snapshots checked in under `src/knowledge/data/*.tsv`. Line 1 names the value set:
 * `# VSAC value set "<name>" OID <oid>, expansion "<version>" (…)`; line 2 is the `system code display` header.
 */
export interface ValueSetTsv {
  readonly name: string;
  readonly oid: string;
  readonly version: string;
  readonly codes: readonly { readonly system: string; readonly code: string; readonly display: string }[];
}

const HEADER = /^#\s*VSAC value set "([^"]+)" OID ([0-9.]+), expansion "([^"]+)"/;

export function parseValueSetTsv(text: string, fileName: string): ValueSetTsv {
  const lines = text.split(/\r?\n/);
  const header = HEADER.exec(lines[0] ?? '');
  if (!header) {
    throw new Error(`${fileName}: first line must name the VSAC value set, OID and expansion`);
  }
  if ((lines[1] ?? '').trim() !== 'system\tcode\tdisplay') {
    throw new Error(`${fileName}: second line must be the header "system<TAB>code<TAB>display"`);
  }
  const codes = lines.slice(2).flatMap((line, index) => {
    if (line.trim() === '') {
      return [];
    }
    const [system, code, display] = line.split('\t');
    if (!system || !code || display === undefined) {
      throw new Error(`${fileName}:${index + 3}: expected three tab-separated columns`);
    }
    return [{ system: system.trim(), code: code.trim(), display: display.trim() }];
  });
  const [, name = '', oid = '', version = ''] = header;
  return { name, oid, version, codes };
}

/** JSON as the repository's Prettier settings would write it, so generated files pass `prettier --check`. */
export async function formatJson(value: unknown): Promise<string> {
  return format(JSON.stringify(value), { parser: 'json', printWidth: 120 });
}
