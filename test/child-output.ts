// Waits for what a child process prints: the check runs on each chunk it writes, never on a
// timer, so a loaded machine only makes the wait longer. A timeout stays as a safety net: a
// process that never prints it fails the test, saying what was expected and what came.
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { checkedFor } from './checked-until.js';

/**
 * The text a stream printed so far, and a wait for it to match. Listens from now on: create
 * it right after spawning, before the process can print anything.
 */
export function printedBy(child: ChildProcess, stream: Readable) {
    let text = '';
    const checks = new Set<() => void>();
    let ended = false;
    stream.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        checks.forEach(check => check());
    });
    // 'close' comes after the process's streams ended: nothing more will be printed.
    child.on('close', () => {
        ended = true;
        checks.forEach(check => check());
    });
    return {
        text: () => text,
        /**
         * Resolves with the match once what was printed since `from` (a length of `text()`, by
         * default all of it) matches `pattern`; rejects, naming `what`, once the process ended
         * without printing it or after `withinMs`.
         */
        until(pattern: RegExp, what: string, withinMs: number, from = 0): Promise<RegExpExecArray> {
            return checkedFor(() => {
                const match = pattern.exec(text.slice(from));
                if (match) return match;
                if (ended) throw new Error(`${what}: the process ended (code ${child.exitCode}, signal ${child.signalCode}) without printing it; it printed:\n${text}`);
                return undefined;
            }, checks, () => `${what}: not printed within ${withinMs} ms; the process printed:\n${text}`, withinMs);
        }
    };
}
