// Where the tests (and the benchmarks that reuse their helpers) find the repository and
// the shared example maps.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository: one folder up from this file, or the working folder when a bundler moved this code (npm run bench). */
export const REPO = existsSync(resolve(import.meta.dirname, '../esbuild.mjs')) ? resolve(import.meta.dirname, '..') : process.cwd();

/** The shared example maps, beside the checkout. */
export const EXAMPLES = join(REPO, '../shared/examples');
