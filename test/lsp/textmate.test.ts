import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { beforeAll, describe, expect, test } from 'vitest';
import { exampleFiles, readExample } from '../test-services.js';

const REPO = join(import.meta.dirname, '../..');
let grammar: textmate.IGrammar;

beforeAll(async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
        onigLib: Promise.resolve({ createOnigScanner: p => new oniguruma.OnigScanner(p), createOnigString: s => new oniguruma.OnigString(s) }),
        loadGrammar: async () => textmate.parseRawGrammar(readFileSync(join(REPO, 'syntaxes/journey.tmLanguage.json'), 'utf8'), 'journey.tmLanguage.json')
    });
    grammar = (await registry.loadGrammar('source.journey'))!;
});

/** Each token of the text as [text, innermost scope], whitespace dropped. */
function tokenize(text: string): Array<[string, string]> {
    let state = textmate.INITIAL;
    const tokens: Array<[string, string]> = [];
    for (const line of text.split('\n')) {
        const result = grammar.tokenizeLine(line, state);
        for (const token of result.tokens) {
            const value = line.slice(token.startIndex, token.endIndex);
            if (value.trim()) tokens.push([value, token.scopes[token.scopes.length - 1]]);
        }
        state = result.ruleStack;
    }
    return tokens;
}

function scopeOf(text: string, word: string): string | undefined {
    return tokenize(text).find(([value]) => value === word)?.[1];
}

describe('TextMate grammar', () => {
    test('keywords, declared names, values, numbers, strings and comments', () => {
        const text = readExample('media-subscription.journey');
        expect(scopeOf(text, 'journey')).toBe('keyword.other.declaration.journey');
        expect(scopeOf(text, 'AbonnementMédia')).toBe('entity.name.namespace.journey');
        expect(scopeOf(text, 'Découverte')).toBe('entity.name.section.stage.journey');
        expect(scopeOf(text, 'PostSocial')).toBe('entity.name.function.touchpoint.journey');
        expect(scopeOf(text, 'personas')).toBe('keyword.other.field.journey');
        expect(scopeOf(text, 'Lectrice')).toBe('variable.other.reference.journey');
        expect(scopeOf(text, 'tool')).toBe('constant.language.journey');
        expect(scopeOf(text, '-1')).toBe('constant.numeric.journey');
        expect(scopeOf(text, '40%')).toBe('constant.numeric.journey');
        expect(scopeOf(text, 'Tomber sur un contenu qui m\'intéresse')).toBe('string.quoted.double.journey');
        expect(scopeOf(text, ' A news publisher\'s journey from discovering content to a loyal subscription.')).toBe('comment.line.double-slash.journey');
        expect(scopeOf(readExample('common.journey'), 'Lectrice')).toBe('entity.name.type.class.persona.journey');
        expect(scopeOf(readExample('common.journey'), 'Marketing')).toBe('entity.name.type.struct.team.journey');
    });

    test('escapes, single quotes, block comments over lines, and a string left open ends at its line', () => {
        const tokens = tokenize('goal \'l\\\'un\' /* a\nb */ team T\nsegment "open\nteam U');
        expect(tokens).toContainEqual(['\\\'', 'constant.character.escape.journey']);
        expect(tokens).toContainEqual(['b ', 'comment.block.journey']);
        expect(tokens).toContainEqual(['T', 'entity.name.type.struct.team.journey']);
        expect(tokens).toContainEqual(['U', 'entity.name.type.struct.team.journey']);
    });

    test('every example is covered: no character left without a Journey scope', () => {
        for (const file of exampleFiles) {
            const unscoped = tokenize(readExample(file)).filter(([, scope]) => scope === 'source.journey');
            expect(unscoped, file).toEqual([]);
        }
    });
});

describe('language configuration', () => {
    test('comments, brackets, auto-closing quotes and an indentation rule matching the formatter', () => {
        const config = JSON.parse(readFileSync(join(REPO, 'language-configuration.json'), 'utf8'));
        expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
        expect(config.brackets).toEqual([['{', '}']]);
        expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(['{', '"', "'", '/*']);
        const increase = new RegExp(config.indentationRules.increaseIndentPattern);
        const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
        const lines = readExample('retail-ideal.journey').split('\n');
        for (const [index, line] of lines.entries()) {
            // The canonical layout indents the line after an opening brace and outdents a closing one.
            if (increase.test(line)) expect(indent(lines[index + 1]) - indent(line), line).toBe(decrease.test(lines[index + 1]) ? 0 : 2);
        }
        expect(new RegExp(config.wordPattern.pattern, config.wordPattern.flags).exec('  Réseaux,')?.[0]).toBe('Réseaux');
    });
});

function indent(line: string): number {
    return /^ */.exec(line)![0].length;
}
