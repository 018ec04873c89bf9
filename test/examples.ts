// Where the tests (and the benchmarks that reuse their helpers) find the repository and
// its example maps (examples/), and what the invalid ones say they must get.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository: one folder up from this file, or the working folder when a bundler moved this code (npm run bench). */
export const REPO = existsSync(resolve(import.meta.dirname, '../esbuild.mjs')) ? resolve(import.meta.dirname, '..') : process.cwd();

/**
 * The repository's example maps: the French ones in examples/ (its journey.config.json says
 * `"locale": "fr"`), the English one in examples/en/ (its own says `"en"`).
 */
export const EXAMPLES = join(REPO, 'examples');

/** The maps of EXAMPLES/folder, as paths relative to EXAMPLES (`en/bank-loan.journey`). */
const journeyFilesIn = (folder: string) => readdirSync(join(EXAMPLES, folder)).filter(file => file.endsWith('.journey')).sort()
    .map(file => folder === '.' ? file : `${folder}/${file}`);

/** The maps that must lint with no error and no warning (paths relative to EXAMPLES), in path order. */
export const CLEAN_EXAMPLES: readonly string[] = [...journeyFilesIn('.'), ...journeyFilesIn('en')].sort();

/** The maps of EXAMPLES/invalid, as `invalid/<name>`. */
export const INVALID_EXAMPLES: readonly string[] = journeyFilesIn('invalid');

/** A mark `// ERROR rule-id` or `// WARNING rule-id` of an invalid example: that line must get that diagnostic. */
export interface Mark {
    line: number;
    severity: 'error' | 'warning';
    ruleId: string;
}

/** The marks of an invalid example's text, in line order (1-based lines; the header line explains them and has none). */
export function marks(text: string): Mark[] {
    return text.split(/\r?\n/).flatMap((line, index) => [...line.matchAll(/\/\/\s*(ERROR|WARNING)\s+([a-z][a-z-]*)/g)]
        .map(match => ({ line: index + 1, severity: match[1].toLowerCase() as Mark['severity'], ruleId: match[2] })));
}
