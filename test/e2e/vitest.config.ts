import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the extension in real VS Code (code-server + Chromium), packaged once
// (global-setup.ts). One file at a time.
export default defineConfig({
    test: {
        include: ['test/e2e/**/*.test.ts'],
        testTimeout: 90_000,
        hookTimeout: 900_000,
        fileParallelism: false,
        pool: 'forks',
        globalSetup: ['test/e2e/global-setup.ts']
    }
});
