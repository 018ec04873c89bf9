// The editor in the user's language: every contributed title and description goes through
// package.nls*.json, every runtime string of the extension through vscode.l10n. Both lists are
// found by reading package.json and the extension's source, not by hand.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../examples.js';

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const json = (file: string) => JSON.parse(read(file)) as Record<string, unknown>;
const manifest = json('package.json') as { l10n: string; contributes: unknown; displayName: string; description: string };
const nls = json('package.nls.json') as Record<string, string>;
const nlsFr = json('package.nls.fr.json') as Record<string, string>;
/** `{0}` (vscode.l10n) placeholders, and Markdown code spans, which stay as written in every language. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();
const codeSpans = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map(m => m[1]).sort();

/** Every string value of `value`, with the key it is under. */
function strings(value: unknown, key = ''): { key: string; text: string }[] {
    if (typeof value === 'string') return [{ key, text: value }];
    if (Array.isArray(value)) return value.flatMap(item => strings(item, key));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
    return [];
}

/** The words people read in the manifest: titles, categories, descriptions. */
const SHOWN = /^(title|category|description|markdownDescription|enumDescriptions|markdownEnumDescriptions|displayName|label|name|contextualTitle)$/;

function sourcesUnder(folder: string): { file: string; text: string }[] {
    return readdirSync(join(REPO, folder), { recursive: true, withFileTypes: true })
        .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
        .map(entry => relative(REPO, join(entry.parentPath, entry.name)))
        .map(file => ({ file, text: read(file) }));
}

describe('package.nls', () => {
    const contributed = strings(manifest.contributes).filter(s => SHOWN.test(s.key) && !/^(journey|jsonc)$/.test(s.text));
    const shown = [...contributed, { key: 'displayName', text: manifest.displayName }, { key: 'description', text: manifest.description }];

    it('every title, category and description of the manifest is a %key%', () => {
        expect(shown.length).toBeGreaterThan(25);
        for (const { key, text } of shown) expect(text, `${key}: ${text}`).toMatch(/^%[\w.-]+%$/);
    });

    it('every %key% of package.json is in package.nls.json and package.nls.fr.json, with the same code spans; no key is unused', () => {
        const keys = [...read('package.json').matchAll(/"%([\w.-]+)%"/g)].map(m => m[1]);
        for (const key of keys) {
            expect(nls[key], key).toBeTruthy();
            expect(nlsFr[key], key).toBeTruthy();
            expect(codeSpans(nlsFr[key]), key).toEqual(codeSpans(nls[key]));
            expect(placeholders(nlsFr[key]), key).toEqual(placeholders(nls[key]));
        }
        expect(Object.keys(nls).sort()).toEqual([...new Set(keys)].sort());
        expect(Object.keys(nlsFr).sort()).toEqual(Object.keys(nls).sort());
    });

    it('French text is French: translated, with French spacing before : ; ! ?', () => {
        for (const [key, text] of Object.entries(nlsFr)) {
            if (!['category', 'configuration.title'].includes(key)) expect(text, key).not.toBe(nls[key]);
            expect(text, key).not.toMatch(/ [:;!?]/);
        }
    });
});

describe('vscode.l10n bundle', () => {
    const bundle = json(join(manifest.l10n, 'bundle.l10n.fr.json')) as Record<string, string>;
    const sources = sourcesUnder('src/extension');
    const all = sources.map(source => source.text).join('\n');
    /** Every `vscode.l10n.t('…')` of the extension (single-quoted: the code's style). */
    const messages = [...all.matchAll(/vscode\.l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map(m => m[1].replace(/\\'/g, "'"));

    it('has a French message, with the same placeholders, for every vscode.l10n.t of the extension, and no other', () => {
        expect(messages.length).toBeGreaterThan(10);
        for (const message of messages) {
            expect(bundle[message], message).toBeTruthy();
            expect(bundle[message], message).not.toBe(message);
            expect(placeholders(bundle[message]), message).toEqual(placeholders(message));
        }
        expect(Object.keys(bundle).sort()).toEqual([...new Set(messages)].sort());
        // vscode.l10n.t with anything but a literal cannot be found in a bundle.
        expect(all).not.toMatch(/vscode\.l10n\.t\(\s*[^'\s]/);
    });

    it('leaves no message, title, log line or dialog text of the extension outside vscode.l10n', () => {
        for (const { file, text } of sources) {
            expect(text, file).not.toMatch(/show(Information|Warning|Error)Message\((?!vscode\.l10n\.t\()/);
            expect(text, file).not.toMatch(/\.title = (?!vscode\.l10n\.t\()/);
            expect(text, file).not.toMatch(/createWebviewPanel\([^,]+, (?!vscode\.l10n\.t\()/);
            expect(text, file).not.toMatch(/\blog\.(error|warn|info)\((?!vscode\.l10n\.t\()/);
            expect(text, file).not.toMatch(/new LanguageClient\([^,]+, (?!vscode\.l10n\.t\()/);
        }
    });
});

describe('the .vsix and the manifest', () => {
    it('package.json names the l10n folder; .vscodeignore keeps the nls files and the bundle', () => {
        expect(manifest.l10n).toBe('./l10n');
        const kept = read('.vscodeignore').split('\n').filter(line => line.startsWith('!')).map(line => line.slice(1));
        expect(kept).toEqual(expect.arrayContaining(['package.nls.json', 'package.nls.fr.json', 'l10n/bundle.l10n.fr.json']));
    });
});
