import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { loadCachedScript } from './code-cache.js';
import { CliError, type CliCommand, type CliIO } from './command.js';
import { journeyCacheFolder } from './elk-cache.js';
import type * as LintBundle from './lint-bundle.js';

/** `journey lint`'s bundle, built beside the CLI's chunks by esbuild.mjs (see lint-bundle.ts). */
export const LINT_BUNDLE = 'cli-lint.cjs';

/**
 * The lint command: from out/cli-lint.cjs through its V8 code cache when built (the cache
 * written once the command has run), else (the sources, under test) from lint.ts.
 */
export async function loadLintCommand(io?: CliIO): Promise<CliCommand> {
    const bundle = fileURLToPath(new URL(`./${LINT_BUNDLE}`, import.meta.url));
    if (!existsSync(bundle)) return (await import('./lint.js')).lintCommand;
    // Before compiling: V8's flags are part of what a code cache is valid for, and the workers see them set.
    keepYoungObjectsYoung();
    const lint = loadCachedScript<typeof LintBundle>(bundle, io && journeyCacheFolder(io.cwd, io.env), 'lint');
    const { lintCommand } = lint.exports;
    return {
        ...lintCommand,
        async run(args, runIO) {
            try {
                return await lintCommand.run(args, runIO);
            } catch (error) {
                // The bundle has its own copy of the class: main.ts tells a usage error by this one.
                throw error instanceof lint.exports.CliError ? new CliError(error.message, error.exitCode) : error;
            } finally {
                lint.keep();
            }
        }
    };
}

/**
 * V8 allocates the objects of an allocation site (an object or array literal) straight in the
 * old generation once most of them have outlived a young-generation collection, as the
 * workspace's declarations, kept to the end, do; the maps parsed after them, dropped at
 * once, were then all promoted and collected by full collections (in a profile of the
 * streaming thread: 550 MB promoted for 1,000 maps, against 8 MB without pretenuring, and
 * a third less CPU). V8's flags are process-wide (every isolate, this thread's and the
 * workers'), so it is set once, before any worker exists: when `journey lint` loads, on one
 * thread too (no slower there, measured), since the flags are part of what a code cache is
 * valid for and the main thread's and the workers' share one; the server and the tests keep V8's default.
 */
export function keepYoungObjectsYoung(): void {
    setFlagsFromString('--no-allocation-site-pretenuring');
}
