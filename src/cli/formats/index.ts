import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { FormatName } from './names.js';
import type { Formatter } from './types.js';

export type { FormatName } from './names.js';

/** The formatter of each `--format` value of `journey lint` (names.ts), in their order. */
export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
    stylish: formatStylish,
    json: formatJson,
    sarif: formatSarif,
    github: formatGithub
};

export function isFormatName(name: string): name is FormatName {
    return Object.hasOwn(FORMATTERS, name);
}
