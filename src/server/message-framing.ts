import { Transform, type TransformCallback } from 'node:stream';

/**
 * Sits between stdin and vscode-jsonrpc's reader and passes on only messages
 * framed as `Content-Length: N\r\n…\r\n\r\n` + N bytes. vscode-jsonrpc's reader
 * never finds its way back after a bad header (a length that is missing, not a
 * number, too large or too small): every later message is read as garbage and
 * the server goes deaf for good. Here a bad frame is dropped, reported on
 * stderr, and reading resumes at the next header.
 *
 * A header is found by `Content-Length: <digits>\r\n`: a sequence that valid
 * JSON cannot contain (a raw line break may only stand between JSON tokens,
 * where a bare `Content-Length` is not allowed), so finding it inside a body
 * proves that the body's length was wrong.
 */
export class MessageFramingGuard extends Transform {
    /** The bytes read and not yet passed on are `store[unreadStart, unreadEnd)`; the store grows by doubling (see append). */
    private store: Buffer = Buffer.alloc(0);
    private unreadStart = 0;
    private unreadEnd = 0;
    /** How far the body at the start of the buffer was already searched for a header (large bodies come in many chunks). */
    private searched = 0;

    constructor(private readonly report: (problem: string) => void) {
        super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
        this.append(chunk);
        while (this.nextMessage()) { /* each call passes on or drops one frame */ }
        done();
    }

    /** The bytes read and not yet passed on or dropped. */
    private get buffer(): Buffer {
        return this.store.subarray(this.unreadStart, this.unreadEnd);
    }

    /**
     * Adds a chunk after the unread bytes. The store grows by doubling, so a message of many
     * chunks (a 1.3 MB map comes in hundreds) is copied a few times in all: joining the bytes
     * so far to each chunk copied them once per chunk, 90 ms for that map. Bytes already passed
     * on are never written over (the frames passed on are views of the store, still being read).
     */
    private append(chunk: Buffer): void {
        if (this.unreadStart === this.unreadEnd) {
            this.store = chunk;
            this.unreadStart = 0;
            this.unreadEnd = chunk.length;
            return;
        }
        if (this.unreadEnd + chunk.length > this.store.length) {
            const unread = this.unreadEnd - this.unreadStart;
            const grown = Buffer.allocUnsafe(Math.max(2 * (unread + chunk.length), MIN_STORE_BYTES));
            this.store.copy(grown, 0, this.unreadStart, this.unreadEnd);
            this.store = grown;
            this.unreadStart = 0;
            this.unreadEnd = unread;
        }
        chunk.copy(this.store, this.unreadEnd);
        this.unreadEnd += chunk.length;
    }

    /** Passes on or drops the frame at the start of the buffer; false when more bytes are needed. */
    private nextMessage(): boolean {
        const headerEnd = this.buffer.indexOf('\r\n\r\n', 0, 'latin1');
        if (headerEnd < 0) {
            if (this.buffer.length > MAX_HEADER_BYTES) this.resync('a header without end');
            return false;
        }
        const length = contentLength(this.buffer.toString('latin1', 0, headerEnd));
        if (length === undefined) return this.resync('a header without a valid Content-Length');
        const bodyStart = headerEnd + 4;
        const available = Math.min(this.buffer.length, bodyStart + length);
        const from = Math.max(bodyStart, this.searched - KEEP_BYTES);
        const nextHeader = findHeader(this.buffer.toString('latin1', from, available));
        if (nextHeader >= 0) return this.dropUntil(from + nextHeader, `a Content-Length of ${length} that runs into the next message`);
        this.searched = available;
        if (this.buffer.length < bodyStart + length) return false;
        this.push(this.buffer.subarray(0, bodyStart + length));
        this.consume(bodyStart + length);
        return this.buffer.length > 0;
    }

    /** Drops the bad frame at the start, up to the next header (or all but a possible header's start). */
    private resync(what: string): boolean {
        const next = findHeader(this.buffer.toString('latin1', 1));
        if (next >= 0) return this.dropUntil(next + 1, what);
        this.report(`journey lsp: dropped ${this.buffer.length - KEEP_BYTES > 0 ? this.buffer.length - KEEP_BYTES : 0} bytes after ${what}; waiting for the next message`);
        this.consume(Math.max(0, this.buffer.length - KEEP_BYTES));
        return false;
    }

    private dropUntil(offset: number, what: string): boolean {
        this.report(`journey lsp: dropped a message with ${what} (${offset} bytes); reading on from the next header`);
        this.consume(offset);
        return true;
    }

    private consume(bytes: number): void {
        this.unreadStart += bytes;
        this.searched = 0;
    }
}

/** The smallest store a message that spans chunks gets. */
const MIN_STORE_BYTES = 64 * 1024;
/** A header block longer than this without its blank line is not a header. */
const MAX_HEADER_BYTES = 8192;
/** Enough to hold the start of a header cut by a read boundary. */
const KEEP_BYTES = 64;
const HEADER_LINE = /^content-length:[ \t]*(\d+)[ \t]*$/i;
const HEADER_START = /content-length:[ \t]*\d+[ \t]*\r\n/i;

function contentLength(header: string): number | undefined {
    let length: number | undefined;
    for (const line of header.split('\r\n')) {
        const match = HEADER_LINE.exec(line);
        if (match) length = Number(match[1]);
        else if (!/^[\w-]+:/.test(line)) return undefined;
    }
    return length;
}

function findHeader(text: string): number {
    return text.search(HEADER_START);
}
