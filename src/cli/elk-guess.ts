import { readFileSync, statSync } from 'node:fs';
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
 * no thread either. Folders, globs, standard input, anything but a regular file (a named pipe
 * read here would leave render nothing to draw) and maps over GUESS_LIMIT are not read: no thread.
 */
export function rendersMayNeedElk(cwd: string, args: readonly string[], drawnBefore: (text: string) => boolean = () => false): boolean {
    return namedMapTexts(cwd, args).some(text => mayNeedElk(text) && !drawnBefore(text));
}

/**
 * Maps larger than this (bytes) are not guessed: parsing one takes seconds, so the ~0.07 s the
 * thread can save is lost in it, while reading and scanning it beforehand costs time and memory.
 * Render marks no such map drawn either (render.ts), as the guess never asks.
 */
export const GUESS_LIMIT = 1024 * 1024;

/** The .journey files `args` name, as absolute paths (folders, globs and standard input are not guessed). */
export function namedMapFiles(cwd: string, args: readonly string[]): string[] {
    return args.filter(arg => /\.journey$/i.test(arg)).map(arg => resolve(cwd, arg));
}

/** The texts of the regular .journey files `args` name, up to GUESS_LIMIT bytes (those that can be read). */
export function namedMapTexts(cwd: string, args: readonly string[]): string[] {
    return namedMapFiles(cwd, args).map(readGuessable).filter(text => text !== '');
}

/** The text of `file` when the guess reads it (isGuessable), else ''. */
function readGuessable(file: string): string {
    try {
        return isGuessable(file) ? readFileSync(file, 'utf8') : '';
    } catch {
        return '';
    }
}

/**
 * Whether the guess reads `file`: a regular file of at most GUESS_LIMIT bytes. Asked before it is
 * opened: opening a named pipe would wait for a writer, and reading it would take render's text.
 */
export function isGuessable(file: string): boolean {
    try {
        const stat = statSync(file);
        return stat.isFile() && stat.size <= GUESS_LIMIT;
    } catch {
        return false;
    }
}

/**
 * The grammar's words the guess reads, copied because it runs before Langium (and the grammar) loads;
 * test/cli/elk-guess.test.ts checks them against journey.langium, so a grammar change fails there.
 */
export const GUESSED_GRAMMAR = {
    /** The keyword of a touchpoint (`'touchpoint' name=Name`). */
    touchpoint: 'touchpoint',
    /** The keyword of its flows (`'next' next+=[Touchpoint:Name] (',' next+=[Touchpoint:Name])*`) and their separator. */
    next: 'next',
    separator: ',',
    /** A name as the grammar's `Name` may spell it (an ID or a keyword): anything up to a space, a separator, a brace or a quote. */
    name: String.raw`[^\s,{}"]+`
} as const;

const { touchpoint: TOUCHPOINT_KEYWORD, next: NEXT_KEYWORD, separator: SEPARATOR, name: NAME } = GUESSED_GRAMMAR;
const TOUCHPOINT = new RegExp(String.raw`(?<![\w-])${TOUCHPOINT_KEYWORD}\s+(${NAME})`, 'gu');
const NEXT = new RegExp(String.raw`(?<![\w-])${NEXT_KEYWORD}\s+(?=${NAME})`, 'gu');
/**
 * One target of a `next` list and the separator after it, matched one at a time (sticky): a regex
 * repeating the whole list would backtrack through a stack as deep as the list, which overflows
 * ("Maximum call stack size exceeded") near 2,000,000 targets.
 */
const TARGET = new RegExp(String.raw`(${NAME})(\s*${SEPARATOR}\s*)?`, 'uy');

/** Whether the flows of this text are anything but one chain through its touchpoints in text order. */
export function mayNeedElk(text: string): boolean {
    // No flow, nothing to order.
    if (text.search(NEXT) < 0) return false;
    const touchpoints = [...text.matchAll(TOUCHPOINT)];
    for (const [i, touchpoint] of touchpoints.entries()) {
        const end = touchpoints[i + 1]?.index ?? text.length;
        const targets = nextTargets(text.slice(touchpoint.index, end));
        const expected = touchpoints[i + 1]?.[1];
        // The last touchpoint ends the chain; any other goes to the one written after it, and only there.
        if (expected === undefined ? targets.length > 0 : targets.length !== 1 || targets[0] !== expected) return true;
    }
    return false;
}

/** The targets of every `next` list in `text`, in order. */
function nextTargets(text: string): string[] {
    const targets: string[] = [];
    for (const flow of text.matchAll(NEXT)) {
        TARGET.lastIndex = flow.index + flow[0].length;
        for (let target = TARGET.exec(text); target; target = target[2] === undefined ? null : TARGET.exec(text)) targets.push(target[1]);
    }
    return targets;
}
