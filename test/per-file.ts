// State that test helpers keep per test file, reset after each file. Test files share a worker's
// modules (vitest.config.ts: isolate false), so a helper's module-level state outlives its file:
// a helper registers its reset here when it is loaded, and test/after-each-file.ts (a setup file,
// run for every file) calls the resets. This module imports nothing: a setup file that imported the
// helpers would load the sources before a file's vi.mock could replace them.
const resets: Array<() => void> = [];

/** Registers `reset` to run after every test file. */
export function afterEachFile(reset: () => void): void {
    resets.push(reset);
}

/** Runs the registered resets (test/after-each-file.ts). */
export function resetPerFileState(): void {
    for (const reset of resets) reset();
}
