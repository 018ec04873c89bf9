import { describe, expect, test } from 'vitest';
import { formatText as formatWith } from '../../src/language/lsp/journey-pretty-printer.js';
import { exampleFiles, journeyLexer, readExample } from './fixtures.js';

const formatText = (text: string) => formatWith(text, journeyLexer);

/**
 * The formatter's output on every example, and on each example reflowed two
 * ways, pinned byte for byte (test/lsp/__golden__/format/). A refactor of the
 * formatter must leave these files unchanged; a deliberate layout change
 * updates them (`npx vitest run test/lsp/format-golden.test.ts -u`) and the
 * diff shows what users will see.
 */
const variants: Record<string, (text: string) => string> = {
    // Every run of spaces or tabs widened, every line dedented: spacing and indentation work.
    widened: text => text.replace(/[ \t]+/gu, '   ').replace(/\n[ \t]+/gu, '\n'),
    // Every line break but those ending a line comment joined: line breaking works.
    joined: text => text.replace(/(\/\/[^\n]*)?\r?\n\s*/gu, (_, comment: string | undefined) => comment ? `${comment}\n` : ' ')
};

describe('formatter golden output', () => {
    for (const file of exampleFiles) {
        const name = file.replace(/\//gu, '__');
        test(`${file} as written`, async () => {
            await expect(formatText(readExample(file))).toMatchFileSnapshot(`__golden__/format/${name}`);
        });
        for (const [variant, reflow] of Object.entries(variants)) {
            test(`${file} ${variant}`, async () => {
                await expect(formatText(reflow(readExample(file)))).toMatchFileSnapshot(`__golden__/format/${name}.${variant}`);
            });
        }
    }
});
