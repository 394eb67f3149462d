import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** In-memory files linted at these paths (none exists on disk); each is linted with the repository's own config. */
const PROBES = [
  'shared/src/boundary-probe.ts',
  'cds-service/src/boundary-probe.ts',
  'smart-app/src/boundary-probe.ts',
  'smart-app/src/boundary-probe.test.ts',
  'registry/src/boundary-probe.ts',
  'smart-app/src/features/options/components/boundary-probe.ts',
];

// The repository's eslint.config.js, as `npm run lint` runs it; the probes, not being in any tsconfig, get the
// default TypeScript project so that typed linting can parse them.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    files: PROBES,
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: PROBES } } },
  },
});

/** The import-boundary findings (rule id and message) for `code` placed at `path`. */
async function lintBoundaries(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  const messages = result?.messages ?? [];
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${path} did not parse: ${fatal.message}`);
  return messages
    .filter((message) => message.ruleId?.startsWith('import-x/'))
    .map((message) => `${message.ruleId}: ${message.message}`);
}

const probe = (specifier: string, name = 'value'): string =>
  `import { ${name} } from '${specifier}';\n\nexport const probe = ${name};\n`;

describe('import boundaries (eslint.boundaries.js)', () => {
  it('shared imports no shell, whether by package name or by relative path', async () => {
    expect(await lintBoundaries('shared/src/boundary-probe.ts', probe('@tachywatch/cds-service', 'createApp'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/no-restricted-paths.*shared must not import cds-service/)])
    );
    expect(await lintBoundaries('shared/src/boundary-probe.ts', probe('../../smart-app/src/lib/format'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/no-restricted-paths.*shared must not import smart-app/)])
    );
  });

  it('the service and the app never import each other', async () => {
    expect(await lintBoundaries('cds-service/src/boundary-probe.ts', probe('../../smart-app/src/lib/format'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/cds-service must not import smart-app/)])
    );
    expect(await lintBoundaries('smart-app/src/boundary-probe.ts', probe('../../cds-service/src/config'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/smart-app must not import cds-service/)])
    );
  });

  it("one of the app's features never imports another", async () => {
    const probePath = 'smart-app/src/features/options/components/boundary-probe.ts';
    expect(await lintBoundaries(probePath, probe('../../trials/components/trials-table', 'TrialsTable'))).toEqual([
      expect.stringMatching(/The options feature must not import another feature/),
    ]);
    expect(await lintBoundaries(probePath, probe('./options-panel', 'OptionsPanel'))).toEqual([]);
  });

  it('product code never imports test support, test/ or sandbox/; a test file may import test support', async () => {
    const testSupport = probe('./testing/fhir-test-client');
    expect(await lintBoundaries('smart-app/src/boundary-probe.ts', testSupport)).toEqual([
      expect.stringMatching(/no-restricted-paths.*must not import tests or test support/),
    ]);
    expect(await lintBoundaries('smart-app/src/boundary-probe.test.ts', testSupport)).toEqual([]);
    expect(await lintBoundaries('cds-service/src/boundary-probe.ts', probe('./testing/harness'))).toEqual([
      expect.stringMatching(/must not import tests or test support/),
    ]);
    expect(await lintBoundaries('cds-service/src/boundary-probe.ts', probe('../../test/e2e/support/browser'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/cds-service must not import test\//)])
    );
    expect(
      await lintBoundaries('registry/src/boundary-probe.ts', probe('../../sandbox/src/start', 'startSandbox'))
    ).toEqual(expect.arrayContaining([expect.stringMatching(/registry's product code must not import sandbox/)]));
    expect(
      await lintBoundaries('shared/src/boundary-probe.ts', probe('./analysis/test-records', 'EMPTY_RECORD'))
    ).toEqual([expect.stringMatching(/must not import tests or test support/)]);
  });

  it('the service and the app need no fixtures at run time; another workspace is imported by its package name', async () => {
    expect(
      await lintBoundaries('smart-app/src/boundary-probe.ts', probe('@tachywatch/fixtures', 'listFixtures'))
    ).toEqual(expect.arrayContaining([expect.stringMatching(/smart-app's product code must not import fixtures/)]));
    expect(
      await lintBoundaries('registry/src/boundary-probe.ts', probe('../../fixtures/src/load', 'listFixtures'))
    ).toEqual([expect.stringMatching(/no-relative-packages/)]);
    expect(
      await lintBoundaries('registry/src/boundary-probe.ts', probe('@tachywatch/fixtures', 'listFixtures'))
    ).toEqual([]);
  });

  it('every imported npm package is declared in the workspace (devDependencies only outside product code)', async () => {
    expect(await lintBoundaries('smart-app/src/boundary-probe.ts', probe('pino'))).toEqual([
      expect.stringMatching(/no-extraneous-dependencies.*'pino' should be listed/),
    ]);
    expect(await lintBoundaries('smart-app/src/boundary-probe.ts', probe('@testing-library/react', 'render'))).toEqual([
      expect.stringMatching(/no-extraneous-dependencies.*not devDependencies/),
    ]);
    expect(
      await lintBoundaries('smart-app/src/boundary-probe.test.ts', probe('@testing-library/react', 'render'))
    ).toEqual([]);
    expect(await lintBoundaries('smart-app/src/boundary-probe.ts', probe('zod', 'z'))).toEqual([]);
  });
});
