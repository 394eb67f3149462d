// Import boundaries between the workspaces, enforced by eslint-plugin-import-x (imports are resolved to files, so
// a relative path and a package name are judged alike). test/lint/boundaries.test.ts shows each rule failing on a
// deliberate violation.
import { readFileSync, readdirSync } from 'node:fs';
import { createNodeResolver } from 'eslint-plugin-import-x';

/** Every workspace package (a folder with its own package.json), and what it may never import. */
const WORKSPACES = {
  // The clinical engine: imports no shell, no tooling, nothing that depends on it.
  shared: { forbidden: ['cds-service', 'smart-app', 'sandbox', 'registry', 'fixtures'] },
  fixtures: { forbidden: ['cds-service', 'smart-app', 'sandbox', 'registry'] },
  // The service and the app never import each other; their product code needs no fixtures.
  'cds-service': { forbidden: ['smart-app', 'sandbox', 'registry'], productForbidden: ['fixtures'] },
  'smart-app': { forbidden: ['cds-service', 'sandbox', 'registry'], productForbidden: ['fixtures'] },
  // The development sandbox runs the service (through its public entry) with the fixtures.
  sandbox: { forbidden: ['smart-app', 'registry'] },
  registry: { forbidden: ['cds-service', 'smart-app'], productForbidden: ['sandbox'] },
};

/** What a workspace not named above (a new library or test-support package) may never import: the shells. */
const DEFAULT_FORBIDDEN = ['cds-service', 'smart-app', 'sandbox', 'registry'];

/** Root-level folders of tooling that no workspace imports. */
const ROOT_TOOLING = ['test', 'scripts'];

/**
 * Test support, by pattern wherever it lives: test files, `testing/` and `test/` folders (named fixtures, fake
 * servers, harnesses, test-support packages placed there) and `test-*` modules. Product code never imports these.
 */
const TEST_SUPPORT = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/testing/**',
  '**/test/**',
  '**/test-*.ts',
  '**/test-*.tsx',
  '**/vitest.config.ts',
  '**/vitest.setup.ts',
];

const SOURCE = '**/*.{ts,tsx}';

/**
 * Flat-config blocks: for each workspace, one block for all its files (tests, test support, build scripts, configs)
 * and one, later, for its product code (`src/` minus test support), whose rules replace the first block's there.
 * @param {import('eslint').ESLint.Plugin} importX the eslint-plugin-import-x plugin object
 * @param {string} rootDir the repository root (absolute)
 * @returns {import('eslint').Linter.Config[]}
 */
export function boundaryConfigs(importX, rootDir) {
  const settings = {
    'import-x/resolver-next': [
      createNodeResolver({
        extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
        conditionNames: ['import', 'types', 'default'],
      }),
    ],
  };
  const zone = (from, message) => ({ target: SOURCE, from, message });
  const folder = (name) => `${rootDir}/${name}/**`;
  const blocks = [];
  // The app's features (smart-app/src/features/<name>/) import no other feature; shared parts live in lib/,
  // components/ or config/.
  const featuresDir = `${rootDir}/smart-app/src/features`;
  const featureZones = readdirSync(featuresDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) => ({
      target: `${featuresDir}/${name}/**`,
      from: `${featuresDir}/**`,
      except: [`${featuresDir}/${name}/**`],
      message: `The ${name} feature must not import another feature; move what they share to lib/ or components/.`,
    }));

  const { workspaces } = JSON.parse(readFileSync(`${rootDir}/package.json`, 'utf8'));
  for (const workspace of workspaces) {
    const rules = WORKSPACES[workspace] ?? {
      forbidden: DEFAULT_FORBIDDEN.filter((other) => other !== workspace),
    };
    const shellZones = [
      ...[...rules.forbidden, ...ROOT_TOOLING].map((other) =>
        zone(folder(other), `${workspace} must not import ${other}/ (see eslint.boundaries.js).`)
      ),
      ...(workspace === 'smart-app' ? featureZones : []),
    ];
    const productZones = [
      ...shellZones,
      ...(rules.productForbidden ?? []).map((other) =>
        zone(folder(other), `${workspace}'s product code must not import ${other}/; tests may.`)
      ),
      zone(
        TEST_SUPPORT.map((pattern) => `${rootDir}/${pattern}`),
        'Product code must not import tests or test support (test files, testing/, test/, test-* modules).'
      ),
    ];
    const manifest = `${rootDir}/${workspace}`;
    // The product block comes second: for product files it replaces the first block's zones with stricter ones.
    blocks.push(
      {
        name: `boundaries/${workspace}/tests-and-tooling`,
        files: [`${workspace}/${SOURCE}`],
        plugins: { 'import-x': importX },
        settings,
        rules: {
          'import-x/no-restricted-paths': ['error', { basePath: rootDir, zones: shellZones }],
          // Tests may use the root's shared development tools (vitest, msw, fast-check…) as well.
          'import-x/no-extraneous-dependencies': ['error', { packageDir: [manifest, rootDir], devDependencies: true }],
        },
      },
      {
        name: `boundaries/${workspace}/product`,
        files: [`${workspace}/src/${SOURCE}`],
        ignores: TEST_SUPPORT,
        plugins: { 'import-x': importX },
        settings,
        rules: {
          'import-x/no-restricted-paths': ['error', { basePath: rootDir, zones: productZones }],
          // Another workspace is imported by its package name, so its package.json declares the dependency.
          'import-x/no-relative-packages': 'error',
          // Product code imports what its package.json lists as dependencies (or peers the host provides), never a
          // devDependency: a production install would not have it.
          'import-x/no-extraneous-dependencies': [
            'error',
            { packageDir: [manifest], devDependencies: false, optionalDependencies: false, peerDependencies: true },
          ],
        },
      }
    );
  }
  // Root-level tooling (end-to-end and deployment tests, bench, screenshots) may reach into every workspace, but
  // declares the npm packages it imports in the root package.json.
  blocks.push({
    name: 'boundaries/root-tooling',
    files: [...ROOT_TOOLING.map((name) => `${name}/${SOURCE}`), '*.ts'],
    plugins: { 'import-x': importX },
    settings,
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { packageDir: [rootDir], devDependencies: true }],
    },
  });
  return blocks;
}
