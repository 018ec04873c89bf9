import type { Formatter } from './types.js';

/** SPEC §6: one array, one object per file (clean files included). */
export const formatJson: Formatter = results => JSON.stringify(results) + '\n';
