import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['test/e2e/**', 'node_modules/**'],
        testTimeout: 30_000,
        pool: 'forks',
        // One test file per core, not vitest's default of one fewer: many files spend their time
        // waiting on processes they start (the CLI, the language server, Chromium), and on 2 cores
        // the default of one worker left a core idle through every such wait.
        maxWorkers: Math.max(2, availableParallelism()),
        // Builds the bundles once per run: the CLI tests spawn bin/journey.js.
        globalSetup: ['test/cli/global-setup.ts']
    }
});
