import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The CLI tests spawn `node bin/journey.js`, which runs the bundle: build it once per run from the current sources. */
export default function buildBundles(): void {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: join(import.meta.dirname, '../..'), stdio: 'inherit' });
}
