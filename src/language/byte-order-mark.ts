// A UTF-8 file may begin with a byte order mark (U+FEFF). Editors neither show it nor count it as a
// column, and VS Code sends its documents without it: a map read from a file is its text without
// the mark, so that every line and column said of it (lint, syntax errors, ranges into it) is the
// editor's. Only `journey format` writes the mark back, through the pretty printer, which keeps a
// mark the text it formats starts with (a client that sends it has it in its text).

export const BYTE_ORDER_MARK = '\uFEFF';

/** A file's text as editors have it: without a leading byte order mark. */
export function withoutByteOrderMark(text: string): string {
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}
