// Every file the CLI writes (format --write, render/export/import -o) goes through here, so
// that a write either happens whole or not at all: the content goes to a temporary file
// beside the target, which is then renamed over it. A full disk, a kill or a crash midway
// leaves the old file as it was (rename is atomic within one folder), never a truncated map.
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { localized } from '../language/localized-messages.js';

/** The file system calls used here: injectable so tests can make a write fail (ENOSPC) midway. */
export type AtomicWriteFs = Pick<typeof nodeFs,
    'lstatSync' | 'statSync' | 'realpathSync' | 'accessSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'fchmodSync' | 'closeSync' | 'renameSync' | 'unlinkSync'>;

/** A write that did not happen, with why (the target is unchanged): a catalogue message in English, or the system's words. */
export class FileWriteError extends Error {
    constructor(readonly path: string, readonly reason: string) {
        super(reason);
    }
}

export interface AtomicWriteOptions {
    /**
     * Folders a symbolic link may point into (besides the folder holding the link): a link
     * leading elsewhere is refused, so a checked-out `map.journey -> ~/.bashrc` is never
     * rewritten through. Usually the working folder.
     */
    readonly roots?: readonly string[];
}

/**
 * Writes `content` to `path` atomically (temporary file + rename), keeping the file's
 * permissions and, when `path` is a symbolic link allowed by `options.roots`, the link.
 * Refuses read-only files, non-files and links leading out of their folder and the roots.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}, fs: AtomicWriteFs = nodeFs): void {
    const target = writableTarget(path, options, fs);
    const existing = statOrUndefined(target, fs);
    if (existing && !existing.isFile()) throw new FileWriteError(path, localized('write.notRegularFile'));
    // Rename would replace a read-only file (only the folder's permission counts), and root
    // may write anything: the file's own mode is what the user set, so it is honoured here.
    if (existing && (existing.mode & 0o222) === 0) throw new FileWriteError(path, localized('write.readOnly'));
    if (existing) {
        try {
            fs.accessSync(target, nodeFs.constants.W_OK);
        } catch (error) {
            throw new FileWriteError(path, reasonOf(error));
        }
    }
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let fd: number | undefined;
    try {
        fd = fs.openSync(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o666);
        for (let written = 0; written < bytes.length;) {
            written += fs.writeSync(fd, bytes, written, bytes.length - written);
        }
        if (existing) fs.fchmodSync(fd, existing.mode & 0o7777); // openSync's mode is masked by the umask
        fs.fsyncSync(fd);
        fs.closeSync(fd);
        fd = undefined;
        fs.renameSync(temporary, target);
    } catch (error) {
        if (fd !== undefined) ignoreErrors(() => fs.closeSync(fd!));
        ignoreErrors(() => fs.unlinkSync(temporary));
        throw new FileWriteError(path, reasonOf(error));
    }
}

/**
 * Makes the folder `path` (and its parents) for files written into it, or says why not: a
 * regular file where a folder should be (mkdir's EEXIST or ENOTDIR) in plain words.
 */
export function makeFolder(path: string, fs: Pick<typeof nodeFs, 'mkdirSync'> = nodeFs): void {
    try {
        fs.mkdirSync(path, { recursive: true });
    } catch (error) {
        const { code } = error as NodeJS.ErrnoException;
        throw new FileWriteError(path, code === 'EEXIST' || code === 'ENOTDIR' ? localized('write.fileInTheWay') : reasonOf(error));
    }
}

/** The file to replace: `path` itself, or the file a symbolic link at `path` leads to, if it may be written. */
function writableTarget(path: string, options: AtomicWriteOptions, fs: AtomicWriteFs): string {
    let link: nodeFs.Stats;
    try {
        link = fs.lstatSync(path);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path; // a new file
        throw new FileWriteError(path, reasonOf(error));
    }
    if (!link.isSymbolicLink()) return path;
    let real: string;
    try {
        real = fs.realpathSync(path);
    } catch (error) {
        throw new FileWriteError(path, localized('write.danglingLink', { reason: reasonOf(error) }));
    }
    const roots = [dirname(resolve(path)), ...(options.roots ?? [])].map(root => realpathOr(root, fs));
    if (!roots.some(root => isInside(real, root))) {
        throw new FileWriteError(path, localized('write.linkOutside', { target: real }));
    }
    return real;
}

function isInside(path: string, folder: string): boolean {
    const rel = relative(folder, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function realpathOr(path: string, fs: AtomicWriteFs): string {
    try {
        return fs.realpathSync(path);
    } catch {
        return resolve(path);
    }
}

function statOrUndefined(path: string, fs: AtomicWriteFs): nodeFs.Stats | undefined {
    try {
        return fs.statSync(path);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new FileWriteError(path, reasonOf(error));
    }
}

/** Node's message without the syscall and the path it repeats (`ENOSPC: no space left on device`). */
function reasonOf(error: unknown): string {
    const { message, code } = error as NodeJS.ErrnoException;
    return code ? message.replace(/, [a-z]+( '.*')?$/u, '') : message;
}

function ignoreErrors(action: () => void): void {
    try {
        action();
    } catch {
        // cleaning up after a failure already reported
    }
}
