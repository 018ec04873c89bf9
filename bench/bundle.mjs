// How a benchmark's script is bundled: every bench/<name>.bench.ts by bench/run.mjs, and the
// scripts a bench runs in processes of its own (bench/lint-floor.ts by the lint bench).
import * as esbuild from 'esbuild';

/** Bundles the TypeScript `entry` and what it imports into the ES module `outfile`, for Node. */
export async function bundleBenchScript(entry, outfile) {
    await esbuild.build({
        entryPoints: [entry], outfile,
        bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning',
        mainFields: ['module', 'main'],
        // Playwright cannot be bundled; the VS Code window (test/e2e/workbench.ts) also imports vitest's expect;
        // esbuild finds its binary from where it is installed (the lint bench bundles its floor's script).
        external: ['playwright-core', 'vitest', 'esbuild'],
        // Some dependencies are CommonJS and call require(): give the ESM bundle one.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
    });
}
