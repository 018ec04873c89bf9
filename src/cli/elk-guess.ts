import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether `journey render ARGS` will likely ask ELK to order cards, guessed from the text of
 * the maps it names before Langium has loaded, so that ELK's thread (elk-thread.ts) starts
 * only for such a render: on a shared two-core machine, a thread loading ELK for nothing
 * slows every other render. A guess, never a decision: a map guessed wrongly either way is
 * drawn the same (ELK then runs on the command's thread, or the thread is stopped unused),
 * only later or earlier.
 *
 * ELK is asked when the `next` flows are not one chain through the touchpoints in the order
 * they are written (src/diagram/elk-order.ts: `isSourceOrderPath`). Here: each touchpoint's
 * `next` list, read from the text between its `touchpoint NAME` and the following one, is
 * compared with the name of the touchpoint written after it. A text drawn before without ELK
 * running (elk-cache.ts `drawnWithoutElk`: its ELK answers were kept, or it needed none) needs
 * no thread either. Folders, globs and standard input are not read: no thread.
 */
export function rendersMayNeedElk(cwd: string, args: readonly string[], drawnBefore: (text: string) => boolean = () => false): boolean {
    return namedMapTexts(cwd, args).some(text => mayNeedElk(text) && !drawnBefore(text));
}

/** The texts of the .journey files `args` name (those that can be read). */
export function namedMapTexts(cwd: string, args: readonly string[]): string[] {
    return args.filter(arg => /\.journey$/i.test(arg)).map(arg => readOrEmpty(resolve(cwd, arg))).filter(text => text !== '');
}

function readOrEmpty(file: string): string {
    try {
        return readFileSync(file, 'utf8');
    } catch {
        return '';
    }
}

/** A name as the grammar's `Name` may spell it: anything up to a space or a separator. */
const NAME = String.raw`[^\s,{}"]+`;
const TOUCHPOINT = new RegExp(String.raw`(?<![\w-])touchpoint\s+(${NAME})`, 'gu');
const NEXT = new RegExp(String.raw`(?<![\w-])next\s+(${NAME}(?:\s*,\s*${NAME})*)`, 'gu');

/** Whether the flows of this text are anything but one chain through its touchpoints in text order. */
export function mayNeedElk(text: string): boolean {
    // No flow, nothing to order.
    if (text.search(NEXT) < 0) return false;
    const touchpoints = [...text.matchAll(TOUCHPOINT)];
    for (const [i, touchpoint] of touchpoints.entries()) {
        const end = touchpoints[i + 1]?.index ?? text.length;
        const targets = [...text.slice(touchpoint.index, end).matchAll(NEXT)].flatMap(match => match[1].split(/\s*,\s*/u));
        const expected = touchpoints[i + 1]?.[1];
        // The last touchpoint ends the chain; any other goes to the one written after it, and only there.
        if (expected === undefined ? targets.length > 0 : targets.length !== 1 || targets[0] !== expected) return true;
    }
    return false;
}
