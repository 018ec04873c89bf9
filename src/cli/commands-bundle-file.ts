/**
 * lint's and render's CommonJS bundle (commands-bundle.ts), built beside the CLI's chunks by
 * esbuild.mjs, and the name of its V8 code cache (code-cache.ts): one cache per Node and V8
 * flags, whichever command or thread made it. Its own module: the loaders and a lint worker's
 * entry point need the names without loading either command.
 */
export const COMMANDS_BUNDLE = 'cli-commands.cjs';
export const COMMANDS_CACHE = 'commands';
