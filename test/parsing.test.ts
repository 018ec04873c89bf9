import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createJourneyServices } from '../src/language/journey-module.js';
import type { Model } from '../src/language/generated/ast.js';
import { CLEAN_EXAMPLES, EXAMPLES as examples } from './examples.js';

const services = createJourneyServices(EmptyFileSystem).Journey;
const parse = parseHelper<Model>(services);

function errors(doc: LangiumDocument) {
    return [...doc.parseResult.lexerErrors, ...doc.parseResult.parserErrors].map(e => e.message);
}

describe('examples', () => {
    for (const file of CLEAN_EXAMPLES) {
        test(`${file} parses without error`, async () => {
            const doc = await parse(readFileSync(join(examples, file), 'utf8'));
            expect(errors(doc)).toEqual([]);
        });
    }
});
