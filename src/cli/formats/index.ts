import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { Formatter } from './types.js';

/** The `--format` values of `journey lint`, the first one the default. */
export const FORMATTERS = {
    stylish: formatStylish,
    json: formatJson,
    sarif: formatSarif,
    github: formatGithub
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;

export function isFormatName(name: string): name is FormatName {
    return Object.hasOwn(FORMATTERS, name);
}
