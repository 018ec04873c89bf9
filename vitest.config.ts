import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['test/e2e/**', 'node_modules/**'],
        testTimeout: 30_000,
        pool: 'forks',
        // Builds the bundles once per run: the CLI tests spawn bin/journey.js.
        globalSetup: ['test/cli/global-setup.ts']
    }
});
