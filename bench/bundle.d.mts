/** See bundle.mjs. */
export function bundleBenchScript(entry: string, outfile: string): Promise<void>;
