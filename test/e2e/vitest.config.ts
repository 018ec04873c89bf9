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
        // What the tests wait for is VS Code's work (a window, an extension host, a language
        // server) on a machine that may be busy: a poll gives it 15 s, not vitest's default 1 s.
        expect: { poll: { timeout: 15_000 } },
        globalSetup: ['test/e2e/global-setup.ts']
    }
});
