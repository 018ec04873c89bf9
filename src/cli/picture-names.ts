// The file names of the pictures that `render -o DIR/` and `diff --render DIR` write into one folder.

import { basename } from 'node:path';
import { UniqueNames } from '../diagram/unique-names.js';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';

/** A picture to name: its journey's id and the path, as shown, of the file that holds it. */
export interface PictureSource { readonly id: string; readonly shown: string }

/**
 * One file name per picture, `<JourneyId>.<format>`, deterministic and never twice: journeys of one
 * id after the first are prefixed with the shortest end of their file's path (folders and name,
 * without `.journey`, joined by dots) that the other files with that id do not end with, so
 * a/checkout, b/checkout and d/a/checkout give Checkout, b.checkout.Checkout, d.a.checkout.Checkout.
 * Names that one file on macOS or Windows would hold (`checkout` after `Checkout`, `Café` composed
 * and decomposed) and two journeys of one id in one file (an error lint reports; the second gets
 * the first's name) are told apart by -2, -3, ... (`Dup`, `Dup-2`); a Windows device name (`Aux`,
 * `Nul`, `Com1`) gets a `_` (`Aux_.svg`).
 */
export function pictureFileNames(pictures: readonly PictureSource[], format: string): string[] {
    const taken = new UniqueNames((name, n) => `${name}-${n}`, sameFileKey);
    const ids = new Set<string>();
    // The name before -2, -3 of the journeys of each id in each file (an id has no line break).
    const bases = new Map<string, string>();
    return pictures.map(({ id, shown }) => {
        const key = `${id}\n${shown}`;
        let base = bases.get(key);
        if (base === undefined) {
            bases.set(key, base = ids.has(id) ? prefixedId(id, shown, pictures) : id);
            ids.add(id);
        }
        return `${taken.take(notADevice(base))}.${format}`;
    });
}

/** `b.checkout.Checkout`: the id after the shortest end of its file's path that no other file with that id ends with. */
function prefixedId(id: string, shown: string, pictures: readonly PictureSource[]): string {
    const parts = pathParts(shown);
    const others = pictures.filter(p => p.id === id && p.shown !== shown).map(p => pathParts(p.shown));
    let length = 1;
    while (length < parts.length && others.some(other => endsWith(other, parts.slice(-length)))) length++;
    return [...parts.slice(-length), id].join('.');
}

/** Names that macOS's and Windows' default disks store as one file: case and Unicode form aside. */
function sameFileKey(name: string): string {
    return name.normalize('NFC').toLowerCase();
}

/** Windows opens a device, not a file, for these names before the first dot, whatever the extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?=\.|$)/iu;

function notADevice(name: string): string {
    return name.replace(WINDOWS_DEVICE, '$1_');
}

/** The folders and name (without `.journey`) of a path as shown, without empty, `.` and `..` parts or a drive's colon. */
function pathParts(shown: string): string[] {
    const parts = shown.split(/[\\/]/u).filter(part => part !== '' && part !== '.' && part !== '..').map(part => part.replace(/:/gu, ''));
    if (parts.length > 0) parts[parts.length - 1] = basename(parts[parts.length - 1], JOURNEY_FILE_EXTENSION);
    return parts;
}

function endsWith(parts: readonly string[], end: readonly string[]): boolean {
    return end.length <= parts.length && end.every((part, i) => parts[parts.length - end.length + i] === part);
}
