import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { EXAMPLES, REPO } from '../examples.js';
import { printedBy } from '../child-output.js';
import { afterEachFile } from '../per-file.js';

export { EXAMPLES, REPO };
const BIN = join(REPO, 'bin/journey.js');

export interface CliRun {
    /** The exit code; null when a signal ended the process. */
    readonly code: number | null;
    /** The signal that ended the process, if one did. */
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `node bin/journey.js ...args` as a real process; `timeout` (ms) kills it (SIGTERM) if it runs longer. */
export function journey(args: string[], options: { cwd?: string, input?: string | Uint8Array, env?: NodeJS.ProcessEnv, timeout?: number } = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        // No colour variable, and no job summary of a CI running these tests: each test sets what it checks.
        const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined, ...options.env };
        const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, env, timeout: options.timeout });
        let stdout = '', stderr = '';
        child.stdout.setEncoding('utf8').on('data', chunk => { stdout += chunk; });
        child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
        // A command that never reads its standard input may exit before the (empty) input is
        // written: the pipe then fails with EPIPE, which says nothing about the command.
        child.stdin.on('error', error => (error as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(error));
        child.stdin.end(options.input ?? '');
    });
}

/**
 * `run`, once it is known to have printed a report (exit code 0 or 1, something on stdout); else an
 * error that says how it ended and what it said on stderr. For a run other runs are compared with:
 * an empty reference would fail the comparisons with nothing but '' to show for it.
 */
export function reported(run: CliRun): CliRun {
    if (run.stdout !== '' && (run.code === 0 || run.code === 1)) return run;
    const ended = run.signal ? `was killed by ${run.signal}` : `exited with code ${run.code}`;
    throw new Error(`journey ${ended} and printed ${run.stdout === '' ? 'nothing' : 'a report'} on stdout; stderr:\n${run.stderr}`);
}

/** `journey render map.journey -f svg` in `folder` with `env`: the SVG, once the run is known to have drawn it (exit 0, nothing on stderr). */
export async function renderedSvg(folder: string, env: NodeJS.ProcessEnv): Promise<string> {
    const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run.stdout;
}

const tempRoots: string[] = [];

// The folders `tempTree` made go after every test file (a hook registered here would run after the
// first file of a worker only, as test files share this module).
afterEachFile(() => tempRoots.splice(0).forEach(root => rmSync(root, { recursive: true, force: true })));

/** A fresh temporary folder holding the given files (paths relative to it), removed after the test file. */
export function tempTree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'journey-cli-'));
    tempRoots.push(root);
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
    }
    return root;
}

/** A map that lints with no error and no warning, `extra` added inside its journey. */
export function cleanMap(extra = ''): string {
    return `journey Essai "Essai" {
  persona Ana "Ana" { goal "Acheter" }
  channel Web "Web" digital
  team Vente "Vente"
  stage Achat "Achat" {
    goal "Payer vite"
    touchpoint Panier "Panier" {
      kind tool
      channel Web
      personas Ana
      emotion 1
      owner Vente
      evidence "Entretiens"
    }
  }
${extra}}
`;
}

export interface RunningPreview {
    readonly child: ChildProcessWithoutNullStreams;
    /** The page's URL, as the command printed it. */
    readonly url: string;
    /** Everything printed on stdout so far. */
    stdout(): string;
    /** Everything printed on stderr so far. */
    stderr(): string;
    /** Resolves once stdout matches `pattern` (checked on each chunk); fails, saying `what`, if the process ends first or after PRINTED_WITHIN_MS. */
    untilPrinted(pattern: RegExp, what: string): Promise<RegExpExecArray>;
    /** As untilPrinted, on stderr, for what was printed from `from` (a length of `stderr()`) on. */
    untilPrintedOnStderr(pattern: RegExp, what: string, from?: number): Promise<RegExpExecArray>;
    /** The exit code once Ctrl+C (SIGINT) has stopped it. */
    readonly exited: Promise<number | null>;
}

/** How long `journey preview` may take to print what a test waits for: a safety net far above what a loaded machine takes. */
const PRINTED_WITHIN_MS = 20_000;

/**
 * Starts `journey preview FILE --no-open` in `cwd` (Node given `nodeOptions` first, a preload say)
 * and resolves once it prints its URL.
 */
export async function startPreview(file: string, cwd: string, nodeOptions: readonly string[] = []): Promise<RunningPreview> {
    const child = spawn(process.execPath, [...nodeOptions, BIN, 'preview', file, '--no-open'], { cwd });
    const stdout = printedBy(child, child.stdout);
    const stderr = printedBy(child, child.stderr);
    const exited = new Promise<number | null>(done => child.on('exit', code => done(code)));
    let url: string;
    try {
        url = (await stdout.until(/(http:\/\/\S+\/)/, 'journey preview\'s URL', PRINTED_WITHIN_MS))[1];
    } catch (error) {
        child.kill();
        throw new Error(`${(error as Error).message}\nstderr: ${stderr.text()}`);
    }
    return {
        child, url, stdout: stdout.text, stderr: stderr.text, exited,
        untilPrinted: (pattern, what) => stdout.until(pattern, what, PRINTED_WITHIN_MS),
        untilPrintedOnStderr: (pattern, what, from) => stderr.until(pattern, what, PRINTED_WITHIN_MS, from)
    };
}
