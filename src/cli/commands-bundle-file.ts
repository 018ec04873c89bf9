/**
 * lint's and render's CommonJS bundle (commands-bundle.ts), built beside the CLI's chunks by
 * esbuild.mjs, and the names of its V8 code caches (code-cache.ts): one per command, since each
 * runs under its own V8 flags (v8-flags.ts), which a cache is valid for, and writing a cache
 * drops the others of its name (made under other flags): under one name, lint and render
 * dropped each other's. Its own module: the loaders and a lint worker's entry point need the
 * names without loading either command.
 */
export const COMMANDS_BUNDLE = 'cli-commands.cjs';
export const COMMAND_CACHES = { lint: 'lint', render: 'render' } as const;
