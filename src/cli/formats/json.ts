import type { Formatter } from './types.js';

/** The documented JSON lint format: one array, one object per file (clean files included). */
export const formatJson: Formatter = results => JSON.stringify(results) + '\n';
