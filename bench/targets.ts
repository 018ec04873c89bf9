/**
 * The speed targets of issue 14 (medians on 2 cores, measured by these benchmarks), in one
 * place: every benchmark prints its target from here, so a label cannot drift from the issue.
 */
export const TARGETS = {
    /** Completion at the end of a 2,000-touchpoint file (editor.bench.ts). */
    completionMs: 20,
    /** Hover in the same file (editor.bench.ts). */
    hoverMs: 10,
    /** Re-validation of that file after an edit (editor.bench.ts; not one of the issue's). */
    revalidationMs: 300,
    /** Extension activation as VS Code reports it (activation.bench.ts). */
    activationMs: 50,
    /** `journey --version` ÷ `node -e 0`, wall (cli.bench.ts). */
    versionOverNode: 2,
    /** A one-file `journey render -f svg` of 60 touchpoints, wall (cli.bench.ts). */
    renderMs: 350,
    /** Preview, keystroke → painted map (preview.bench.ts), by map size: up to 60 touchpoints, up to 1,000, beyond. */
    keystrokePaintedMs: { upTo60: 16, upTo1000: 250, beyond: 1000 },
    /** `journey lint` of 1,000 maps × 60 touchpoints on 2 cores, wall (lint.bench.ts). */
    lintMs: 4000,
    /** That lint ÷ bare Langium parsing the same files on one thread, wall (lint.bench.ts). */
    lintOverParse: 1.2
} as const;
