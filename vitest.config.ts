import { defineConfig } from 'vitest/config';

/**
 * The files that replace a module with vi.mock: they keep a module registry of their own, as a
 * mock would reach the other files of a worker whose modules they share (vitest resets mocks
 * between files only when it isolates them). test/isolation.test.ts checks the list against the files.
 */
export const MOCKING = [
    'test/cli/no-home.test.ts',
    'test/diagram/layout-measures.test.ts',
    'test/extension/compare-view.test.ts',
    'test/extension/preview-messages.test.ts',
    'test/extension/reveal.test.ts',
    'test/preview/file-watcher.test.ts',
    'test/webview/map-pieces.test.ts'
];

/** What every test file gets, isolated or not. */
const EVERY_FILE = {
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    // Set-up steps start servers and Chromium: on a loaded machine a language server took 5-7 s to
    // answer `initialize` (1.4-2 s for `node -e 0`), and vitest's default for hooks is 10 s.
    hookTimeout: 30_000,
    pool: 'forks' as const,
    // Resets the test helpers' per-file state after each file (also where files share modules).
    setupFiles: ['test/after-each-file.ts']
};

export default defineConfig({
    test: {
        // Two files at a time on 2 cores (vitest's default is one fewer than the cores): many files
        // wait on processes they start (the CLI, the language server, Chromium). On a fresh clone,
        // the machine quiet: 564 s instead of 762 s, all 1,247 tests passing both ways; the longest
        // test (20 s) has a timeout of its own. Under a load of 7-23 (other runs beside it) two
        // workers timed out more often than one.
        maxWorkers: 2,
        // Builds the bundles once per run: the CLI tests spawn bin/journey.js.
        globalSetup: ['test/cli/global-setup.ts'],
        projects: [{
            test: {
                ...EVERY_FILE,
                name: 'shared',
                include: ['test/**/*.test.ts'],
                exclude: [...EVERY_FILE.exclude, ...MOCKING],
                // The files of a worker share its modules (vitest's runtime, Langium, the sources),
                // loaded once a worker instead of once a file: test/diagram and test/language (28 files)
                // took 77 s of CPU instead of 137 s ("import" 48 s instead of 205 s), the same 248 tests.
                // A module's top-level code then runs for the first file that imports it only: no
                // helper registers hooks there (run-cli.ts's cleanup is in the setup file).
                isolate: false
            }
        }, {
            test: { ...EVERY_FILE, name: 'isolated', include: MOCKING }
        }]
    }
});
