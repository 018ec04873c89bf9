import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['test/e2e/**', 'node_modules/**'],
        testTimeout: 30_000,
        // Set-up steps start servers and Chromium: on a loaded machine a language server took 5-7 s to
        // answer `initialize` (1.4-2 s for `node -e 0`), and vitest's default for hooks is 10 s.
        hookTimeout: 30_000,
        pool: 'forks',
        // Two files at a time on 2 cores (vitest's default is one fewer than the cores): many files
        // wait on processes they start (the CLI, the language server, Chromium). On a fresh clone,
        // the machine quiet: 564 s instead of 762 s, all 1,247 tests passing both ways; the longest
        // test (20 s) has a timeout of its own. Under a load of 7-23 (other runs beside it) two
        // workers timed out more often than one.
        maxWorkers: 2,
        // Builds the bundles once per run: the CLI tests spawn bin/journey.js.
        globalSetup: ['test/cli/global-setup.ts']
    }
});
