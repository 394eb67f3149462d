// Finds citations of documents that are not in this repository (internal background notes, style guides, a
// sibling folder beside the checkout). Readers of the code and docs cannot open them, so the product cites primary
// sources (papers, labels, specifications) or files inside the repository instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface OutsideCitation {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

const OUTSIDE_DOCUMENTS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  {
    pattern: /\b(?:clinical|standards|platform|real-clients|style|style-anchors)\.md\b/i,
    reason: 'names a document outside the repository',
  },
  { pattern: /\breal-clients\b/i, reason: 'names a document outside the repository' },
  { pattern: /\bhandbook\b/i, reason: 'cites a handbook outside the repository' },
  { pattern: /\/work\/shared\b/, reason: 'points at a folder outside the repository' },
  {
    pattern: /(?<![./\w])\.\.\/shared\/(?:knowledge|data|STYLE|style)/,
    reason: 'points at a folder outside the repository',
  },
];

/** A "§" follows the name of what it is a section of (an RFC, FHIR, SMART, CDS Hooks, a label…), never alone. */
const NAMED_SECTION_SOURCE =
  /\b(?:RFC ?\d+|FHIR|SMART|CDS Hooks|HL7|OpenID|OAuth|JWT|CFR|U\.S\.C\.|label|LOINC|ICD-10)\b/;

export function findOutsideCitations(file: string, content: string): OutsideCitation[] {
  const found: OutsideCitation[] = [];
  content.split('\n').forEach((text, index) => {
    for (const { pattern, reason } of OUTSIDE_DOCUMENTS) {
      if (pattern.test(text)) found.push({ file, line: index + 1, text: text.trim(), reason });
    }
    const section = text.indexOf('§');
    if (section >= 0 && !NAMED_SECTION_SOURCE.test(text.slice(0, section))) {
      found.push({ file, line: index + 1, text: text.trim(), reason: '"§" without the document it is a section of' });
    }
  });
  return found;
}

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  '.git',
  '.tsbuild',
  'coverage',
  '.data',
  'test-results',
  '.vite',
]);
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('.dist-');
}

function* textFiles(root: string, directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedDirectory(entry.name)) yield* textFiles(root, path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

function readText(path: string): string | undefined {
  const bytes = readFileSync(path);
  if (bytes.length > MAX_TEXT_BYTES || bytes.subarray(0, 8192).includes(0)) return undefined;
  return bytes.toString('utf8');
}

/** Every outside citation in the repository's text files, with paths relative to `root` (always `/`-separated). */
export function scanRepository(root: string, exclude: readonly string[] = []): OutsideCitation[] {
  const found: OutsideCitation[] = [];
  for (const path of textFiles(root, root)) {
    const file = relative(root, path).split(sep).join('/');
    if (exclude.includes(file) || file === 'package-lock.json') continue;
    const content = readText(path);
    if (content !== undefined) found.push(...findOutsideCitations(file, content));
  }
  return found;
}
