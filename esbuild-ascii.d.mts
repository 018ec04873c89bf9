/** See esbuild-ascii.mjs. */
export function escapeNonAscii(text: string, file?: string): string;
