// Every block keyword of an example map misspelt, with each of its `}` removed in turn (or
// none): the text with the slip is read as the same text without it, but for the misspelt
// block. Nothing of that block is read at the file's level, and the end of the file is
// reported as without the slip.
import { describe, expect, test } from 'vitest';
import { createTestServices, readExample } from '../test-services.js';

const MAP = readExample('bank-loan.journey');
const MISSPELT: Record<string, string> = { journey: 'journy', persona: 'persna', stage: 'stag', touchpoint: 'touchpont' };
const parser = createTestServices().Journey.parser.LangiumParser;

interface Read {
    /** The file's own declarations, `Type:name`. */
    topLevel: string[];
    /** The parser's errors at the end of the file. */
    atEnd: string[];
    errors: Array<{ line: number; message: string }>;
}

function read(text: string): Read {
    const result = parser.parse(text);
    expect(result.lexerErrors).toEqual([]);
    const model = result.value as unknown as Record<string, Array<{ $type: string; name: string }>>;
    const topLevel = ['personas', 'channels', 'teams', 'journeys'].flatMap(key => model[key].map(node => `${node.$type}:${node.name}`));
    const errors = result.parserErrors.map(error => ({ line: error.token.startLine ?? NaN, message: error.message }));
    return { topLevel, atEnd: errors.filter(error => Number.isNaN(error.line)).map(error => error.message), errors };
}

/** The map's texts: with no `}` removed, then without each of them. */
function textsWithoutABrace(): Array<{ brace: number; text: string }> {
    const texts = [{ brace: -1, text: MAP }];
    for (let index = MAP.indexOf('}'); index >= 0; index = MAP.indexOf('}', index + 1)) {
        texts.push({ brace: index, text: MAP.slice(0, index) + MAP.slice(index + 1) });
    }
    return texts;
}

/** Each line opening a block, with its keyword. */
const BLOCK_LINES = MAP.split('\n').flatMap((line, index) => {
    const opening = /^\s*(journey|persona|stage|touchpoint) .*\{\s*$/.exec(line);
    return opening ? [{ line: index, keyword: opening[1] }] : [];
});

describe('a misspelt block keyword in bank-loan.journey, with or without one of its }', () => {
    const lastBrace = MAP.lastIndexOf('}');
    const cases = textsWithoutABrace().flatMap(({ brace, text }) => BLOCK_LINES.map(({ line, keyword }) => {
        const lines = text.split('\n');
        lines[line] = lines[line].replace(keyword, MISSPELT[keyword]);
        return { brace, line, keyword, fixed: text, slipped: lines.join('\n') };
    }));

    test(`${cases.length} texts: the misspelt block's entries are never read as the file's, the end of the file is reported as without the slip`, () => {
        expect(BLOCK_LINES.length).toBeGreaterThan(10);
        const fixedReads = new Map<string, Read>();
        const differences: string[] = [];
        for (const { brace, line, keyword, fixed, slipped } of cases) {
            let without = fixedReads.get(fixed);
            if (!without) fixedReads.set(fixed, without = read(fixed));
            const withSlip = read(slipped);
            const where = `${keyword} on line ${line + 1}, ${brace < 0 ? 'no } removed' : `} at ${brace} removed`}`;
            const madeUp = withSlip.topLevel.filter(name => !without.topLevel.includes(name));
            if (madeUp.length > 0) differences.push(`${where}: ${madeUp.join(', ')} read at the file's level`);
            // A misspelt journey that its own missing } leaves open is the slip itself: nothing else is open at the end.
            const itsOwnEnd = keyword === 'journey' && brace === lastBrace;
            if (!itsOwnEnd && JSON.stringify(withSlip.atEnd) !== JSON.stringify(without.atEnd)) {
                differences.push(`${where}: at the end ${JSON.stringify(withSlip.atEnd)}, without the slip ${JSON.stringify(without.atEnd)}`);
            }
            if (brace < 0) {
                expect(withSlip.errors.map(error => error.line), where).toEqual([line + 1]);
                expect(withSlip.errors[0].message, where).toMatch(`Unexpected '${MISSPELT[keyword]}'`);
            }
        }
        expect(differences).toEqual([]);
    });
});
