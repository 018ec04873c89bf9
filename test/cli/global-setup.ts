import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Whether this run was started by an npm script that has just built the bundles: `npm test`
 * runs `npm run build` before tsc and vitest, and a second build here would only repeat it.
 */
function builtByNpmScript(): boolean {
    return /\bnpm run build\b/.test(process.env.npm_lifecycle_script ?? '');
}

/** The CLI tests spawn `node bin/journey.js`, which runs the bundle: build it once per run from the current sources. */
export default function buildBundles(): void {
    if (builtByNpmScript()) return;
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: join(import.meta.dirname, '../..'), stdio: 'inherit' });
}
