// Runs of `//` line comments fold as one range of kind comment, as TypeScript's server folds them:
// two lines or more, each comment the first thing on its line; a blank line or code ends the run.
// A block comment of two lines or more folds as one such range too, its last line included.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { buildWorkspace } from '../test-services.js';

const MAP = [
    '// Retail journey, current state.',
    '// Owner: research team.',
    '// Sources: interviews, 2026.',
    'journey J "J" {',
    '  // One line alone does not fold.',
    '  stage S "S" {',
    '    // Two lines',
    '    // fold.',
    '    touchpoint T "T" { emotion 1 } // after code: not part of a run',
    '    // so this one is alone.',
    '  }',
    '  /* a block comment',
    '     folds as a run does,',
    '     its last line included */',
    '  // a run that a blank line ends',
    '',
    '  // and a new one',
    '  // of two lines',
    '}',
    ''
];

async function foldings(text: string): Promise<FoldingRange[]> {
    const ws = await buildWorkspace(text);
    const document = ws.documents.get('main.journey')!;
    const ranges = await ws.Journey.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
    return ranges.filter(range => range.kind === FoldingRangeKind.Comment).sort((a, b) => a.startLine - b.startLine);
}

describe('folding of line comments', () => {
    for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']]) {
        test(`a run of two or more \`//\` lines is one comment range, from its first line to its last (${name})`, async () => {
            const ranges = await foldings(MAP.join(eol));
            expect(ranges.map(range => [range.startLine, range.endLine])).toEqual([[0, 2], [6, 7], [11, 13], [16, 17]]);
            const first = ranges[0];
            // The whole of the run: from the first comment's start to the end of the last one's text (no CR).
            expect([first.startCharacter, first.endCharacter]).toEqual([0, MAP[2].length]);
        });
    }

    test('the folds of the blocks stay', async () => {
        const ws = await buildWorkspace(MAP.join('\n'));
        const document = ws.documents.get('main.journey')!;
        const ranges = await ws.Journey.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
        expect(ranges.filter(range => range.kind === undefined).map(range => [range.startLine, range.endLine]).sort((a, b) => a[0] - b[0]))
            .toEqual([[3, 17], [5, 9]]);
    });
});

describe('folding of block comments', () => {
    const BLOCKS = [
        '/* A header',
        '   of two lines. */',
        'journey J "J" {',
        '  /* one line: no fold */',
        '  stage S "S" {',
        '    /** Two lines',
        '     */',
        '    touchpoint T "T" { emotion 1 }',
        '  }',
        '}',
        ''
    ];
    for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']]) {
        test(`a block comment of two lines or more folds from its first line to its last (${name})`, async () => {
            const ranges = await foldings(BLOCKS.join(eol));
            expect(ranges.map(range => [range.startLine, range.endLine, range.startCharacter, range.endCharacter]))
                .toEqual([[0, 1, 0, BLOCKS[1].length], [5, 6, 4, BLOCKS[6].length]]);
        });
    }
});

describe('one fold per start line', () => {
    // VS Code keeps a single fold per line; two starting on one line left it to pick one.
    const SHARED = [
        'journey J "J" {',
        '  stage S "S" { /* a long',
        '     comment */',
        '    touchpoint T "T" { emotion 1 }',
        '  }',
        '  stage U "U" /* a',
        '     comment before the brace */ {',
        '    touchpoint V "V" { emotion 1 }',
        '  }',
        '}',
        ''
    ];

    test('a block comment starting on a block\'s first line leaves only the block\'s fold, the wider one', async () => {
        const ws = await buildWorkspace(SHARED.join('\n'));
        const document = ws.documents.get('main.journey')!;
        const ranges = await ws.Journey.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
        expect(ranges.map(range => [range.startLine, range.endLine, range.kind]).sort((a, b) => Number(a[0]) - Number(b[0])))
            .toEqual([[0, 8, undefined], [1, 3, undefined], [5, 7, undefined]]);
    });

    test('a comment alone on its line still folds; one opened before a block\'s brace gives way to the block', async () => {
        const ranges = await foldings(SHARED.join('\n').replace('{ /* a long', '{\n  /* a long'));
        expect(ranges.map(range => [range.startLine, range.endLine])).toEqual([[2, 3]]);
    });
});
