// The diagram model after edits reuses the parts of the last model that the edits left alone
// (src/diagram/stage-parts.ts): whatever the edits, it must be the model a fresh build of the
// same text gives, down to the JSON, and so must the models the preview rebuilds from the
// server's answers of what changed (src/common/diagram-answers.ts).
import fc from 'fast-check';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { diagramAnswer, takeDiagramAnswer, type HeldDiagrams } from '../../src/common/diagram-answers.js';
import { buildDiagramModels } from '../../src/diagram/model.js';
import type { DiagramModel } from '../../src/diagram/types.js';
import type { Model } from '../../src/language/generated/ast.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { CLEAN_EXAMPLES, EXAMPLES } from '../examples.js';

const SHARED = 'file:///ws/shared.journey';
const MAP = 'file:///ws/map.journey';

/** A workspace of a map and the shared declarations, edited as the editor edits them (TextDocuments, then an update). */
async function openWorkspace(texts: Record<string, string>) {
    const services = createJourneyServices(EmptyFileSystem);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = services.shared.workspace;
    const versions = new Map<string, number>();
    const documents = Object.entries(texts).map(([uri, text]) => {
        versions.set(uri, 1);
        TextDocuments!.set(TextDocument.create(uri, 'journey', 1, text));
        const document = LangiumDocumentFactory.fromTextDocument(TextDocuments!.get(uri)!, URI.parse(uri));
        LangiumDocuments.addDocument(document);
        return document;
    });
    await DocumentBuilder.build(documents, { validation: true });
    return {
        document: (uri: string) => LangiumDocuments.getDocument(URI.parse(uri)) as LangiumDocument<Model>,
        async edit(uri: string, text: string): Promise<void> {
            const version = versions.get(uri)! + 1;
            versions.set(uri, version);
            TextDocuments!.set(TextDocument.create(uri, 'journey', version, text));
            await DocumentBuilder.update([URI.parse(uri)], []);
        }
    };
}

const modelsOf = (document: LangiumDocument<Model>): DiagramModel[] => buildDiagramModels(document.parseResult.value);

/** The map's models built from scratch: a new workspace of the same texts. */
async function freshModels(texts: Record<string, string>): Promise<DiagramModel[]> {
    return modelsOf((await openWorkspace(texts)).document(MAP));
}

/** One edit: which file, and its new text from the old one and two random numbers (undefined: does not apply). */
type EditKind = [string, 'map' | 'shared', (text: string, a: number, b: number) => string | undefined];

const insertAt = (text: string, offset: number, inserted: string) => text.slice(0, offset) + inserted + text.slice(offset);
const matchesOf = (text: string, pattern: RegExp) => [...text.matchAll(pattern)];
const TYPED = ['x', 'é', ' ', '1', '"', '\\'];
const NAMES = ['Site', 'App', 'Email', 'Lectrice', 'Abonné', 'Inès', 'Marketing', 'Data', 'Nobody'];

/** Typing a character inside a string literal (in place, unless it is a quote or a backslash). */
const typeInString = (text: string, a: number, b: number) => {
    const strings = matchesOf(text, /"[^"\\\r\n]*"/g);
    if (strings.length === 0) return undefined;
    const string = strings[a % strings.length];
    return insertAt(text, string.index + 1 + (b % (string[0].length - 1)), TYPED[b % TYPED.length]);
};

const EDITS: EditKind[] = [
    ['a character typed in a string', 'map', typeInString],
    ['a character typed in a string of the shared file', 'shared', typeInString],
    ['a character deleted from a string', 'map', (text, a, b) => {
        const strings = matchesOf(text, /"[^"\\\r\n]+"/g);
        if (strings.length === 0) return undefined;
        const string = strings[a % strings.length];
        const at = string.index + 1 + (b % (string[0].length - 2));
        return text.slice(0, at) + text.slice(at + 1);
    }],
    ['a character typed in a comment', 'map', (text, a) => {
        const comments = matchesOf(text, /\/\/[^\r\n]*/g);
        if (comments.length === 0) return undefined;
        const comment = comments[a % comments.length];
        return insertAt(text, comment.index + comment[0].length, 'c');
    }],
    ['a touchpoint added before another (with evidence, or on a channel)', 'map', (text, a, b) => {
        const touchpoints = matchesOf(text, /^([ \t]*)touchpoint\s/gm);
        if (touchpoints.length === 0) return undefined;
        const at = touchpoints[a % touchpoints.length];
        const body = b % 2 === 0 ? `evidence "Ajout ${b}"` : `channel ${NAMES[b % NAMES.length]} emotion 1`;
        return insertAt(text, at.index, `${at[1]}touchpoint Ajout${b % 5} "Ajouté" { ${body} }\n`);
    }],
    ['a blank line added', 'map', (text, a) => {
        const lines = matchesOf(text, /^/gm);
        return insertAt(text, lines[a % lines.length].index, '\n');
    }],
    ['a line removed', 'map', (text, a) => {
        const lines = matchesOf(text, /^[^\r\n]*(\r?\n|$)/gm).filter(line => line[0].length > 0);
        if (lines.length === 0) return undefined;
        const line = lines[a % lines.length];
        return text.slice(0, line.index) + text.slice(line.index + line[0].length);
    }],
    ['a touchpoint renamed (maybe as another one)', 'map', (text, a, b) => {
        const names = matchesOf(text, /touchpoint ([\p{L}_][\p{L}\p{N}_]*)/gu);
        if (names.length === 0) return undefined;
        const renamed = names[a % names.length];
        const name = b % 3 === 0 ? `${renamed[1]}x` : names[b % names.length][1];
        const at = renamed.index + 'touchpoint '.length;
        return text.slice(0, at) + name + text.slice(at + renamed[1].length);
    }],
    ['evidence added to a touchpoint, on its line', 'map', (text, a, b) => {
        const blocks = matchesOf(text, /touchpoint [^{\r\n]*\{/g);
        if (blocks.length === 0) return undefined;
        const block = blocks[a % blocks.length];
        return insertAt(text, block.index + block[0].length, ` evidence "Preuve ${b}"`);
    }],
    ['a declaration renamed in the shared file', 'shared', (text, a, b) => {
        const names = matchesOf(text, /^(persona|channel|team) ([\p{L}_][\p{L}\p{N}_]*)/gmu);
        if (names.length === 0) return undefined;
        const renamed = names[a % names.length];
        const at = renamed.index + renamed[1].length + 1;
        return text.slice(0, at) + (b % 2 === 0 ? `${renamed[2]}x` : NAMES[b % NAMES.length]) + text.slice(at + renamed[2].length);
    }],
    ['a reference changed', 'map', (text, a, b) => {
        const references = matchesOf(text, /\b(channel|personas|owner) ([\p{L}_][\p{L}\p{N}_]*)/gu);
        if (references.length === 0) return undefined;
        const reference = references[a % references.length];
        const at = reference.index + reference[1].length + 1;
        return text.slice(0, at) + NAMES[b % NAMES.length] + text.slice(at + reference[2].length);
    }]
];

const edits = fc.array(fc.record({ kind: fc.nat(EDITS.length - 1), a: fc.nat(), b: fc.nat() }), { minLength: 1, maxLength: 6 });

/** After each edit of the sequence: the models built on the edited tree, and those rebuilt from the answers of what changed, are a fresh build's. */
async function checkEdits(mapText: string, sharedText: string, sequence: { kind: number; a: number; b: number }[]): Promise<void> {
    await checkTexts({ [SHARED]: sharedText, [MAP]: mapText }, sequence.map(({ kind, a, b }) => {
        const [what, file, edit] = EDITS[kind];
        const uri = file === 'map' ? MAP : SHARED;
        return [what, uri, (text: string) => edit(text, a, b)];
    }));
}

/** The same check after each of `steps`: a file given its new text (undefined: the step does not apply). */
async function checkTexts(texts: Record<string, string>, steps: [string, string, (text: string) => string | undefined][]): Promise<void> {
    const workspace = await openWorkspace(texts);
    let server: HeldDiagrams = { answer: '0', result: { diagrams: modelsOf(workspace.document(MAP)), errors: [] } };
    let client: HeldDiagrams = JSON.parse(JSON.stringify(server)) as HeldDiagrams;
    for (const [step, [what, uri, edit]] of steps.entries()) {
        const next = edit(texts[uri]);
        if (next === undefined || next === texts[uri]) continue;
        texts[uri] = next;
        await workspace.edit(uri, next);
        const models = modelsOf(workspace.document(MAP));
        const expected = JSON.stringify(await freshModels(texts));
        const label = `step ${step}: ${what}`;
        expect(JSON.stringify(models), label).toBe(expected);
        const result = { diagrams: models, errors: [] };
        const answer = diagramAnswer(server, server.answer, String(step + 1), result);
        server = { answer: String(step + 1), result };
        client = takeDiagramAnswer(client, JSON.parse(JSON.stringify(answer)) as typeof answer);
        expect(JSON.stringify(client.result.diagrams), `${label}, from the answer of what changed`).toBe(expected);
    }
}

describe('the model after edits is the model of a fresh build', () => {
    const common = readFileSync(join(EXAMPLES, 'common.journey'), 'utf8');
    for (const name of CLEAN_EXAMPLES.filter(file => file !== 'common.journey')) {
        it(`in ${name}`, async () => {
            const text = readFileSync(join(EXAMPLES, name), 'utf8');
            await fc.assert(fc.asyncProperty(edits, sequence => checkEdits(text, common, sequence)), { numRuns: 6, seed: 20261127 });
        });
    }

    it('in a generated map', async () => {
        const text = generateMap(0, 120);
        await fc.assert(fc.asyncProperty(edits, sequence => checkEdits(text, SHARED_DECLARATIONS, sequence)), { numRuns: 12, seed: 20261127 });
    });

    it('in a map whose stages share lines', async () => {
        const text = [
            'journey J "J" { stage A "A" { goal "g" touchpoint T1 "t1" { channel Site personas Lectrice emotion 1 next T2 } } stage B "B" { touchpoint T2 "t2" { evidence "e" next T3 } }',
            '  stage C "C" { touchpoint T3 { evidence "f" } } metric M "m" in B target 3 }'
        ].join('\n') + '\n';
        await fc.assert(fc.asyncProperty(edits, sequence => checkEdits(text, SHARED_DECLARATIONS, sequence)), { numRuns: 12, seed: 20261127 });
    });

    it('when a stage\'s edit changes where the `next` of other stages lead', async () => {
        const text = 'journey J "J" {\n  stage A "A" { touchpoint T1 { next T2, T3 } }\n  stage B "B" { touchpoint T2 { next T3 } }\n  stage C "C" { touchpoint T3 { next T1 } }\n  stage D "D" { touchpoint T4 }\n}\n';
        const replace = (from: string, to: string) => (text: string) => text.replace(from, to);
        await checkTexts({ [SHARED]: SHARED_DECLARATIONS, [MAP]: text }, [
            ['a flow\'s target renamed', MAP, replace('touchpoint T3 {', 'touchpoint T4 {')],
            ['named back', MAP, replace('touchpoint T4 {', 'touchpoint T3 {')],
            ['a stage renamed as a later one: the columns of its flows move', MAP, replace('stage A "A"', 'stage C "A"')],
            ['named back', MAP, replace('stage C "A"', 'stage A "A"')],
            // A stage's column is the last of those with its name: the flow into stage A no longer goes back.
            ['a later stage renamed as an earlier one', MAP, replace('stage D "D"', 'stage A "D"')]
        ]);
    });
});

describe('a keystroke rebuilds what it changed only', () => {
    it('the cards and columns of the stages it did not touch are the last model\'s objects', async () => {
        const text = generateMap(0, 200);
        const workspace = await openWorkspace({ [SHARED]: SHARED_DECLARATIONS, [MAP]: text });
        const [before] = modelsOf(workspace.document(MAP));
        await workspace.edit(MAP, text.replace('goal "Objectif de l\'étape 7"', 'goal "Objectif de l\'étape 7x"'));
        const [after] = modelsOf(workspace.document(MAP));
        const rebuilt = after.cards.filter((card, i) => card !== before.cards[i]);
        expect(new Set(rebuilt.map(card => card.kind === 'metric' ? 'metrics' : card.stage))).toEqual(new Set(['Étape7', 'metrics']));
        expect(rebuilt.filter(card => card.text !== before.cards[after.cards.indexOf(card)].text).map(card => card.text)).toEqual(['Objectif de l\'étape 7x']);
        expect(after.stages.filter((stage, i) => stage !== before.stages[i]).map(stage => stage.id)).toEqual(['Étape7']);
    });
});

describe('the parts kept for the next model', () => {
    it('do not hold the declarations of a shared file\'s earlier versions (each would pin its whole old tree)', async () => {
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        const map = `journey J "J" {\n${Array.from({ length: 20 }, (_, i) => `    stage S${i} "S${i}" { touchpoint T${i} "T${i}" { personas Lectrice } }\n`).join('')}}\n`;
        let shared = 'persona Lectrice "Lectrice"\n';
        const workspace = await openWorkspace({ [SHARED]: shared, [MAP]: map });
        modelsOf(workspace.document(MAP));
        const earlier: WeakRef<object>[] = [];
        for (let i = 0; i < 10; i++) {
            earlier.push(new WeakRef(workspace.document(SHARED).parseResult.value.personas[0]));
            // A declaration added (not a keystroke inside a string): the shared file is parsed whole.
            shared += `team T${i} "T${i}"\n`;
            await workspace.edit(SHARED, shared);
            modelsOf(workspace.document(MAP));
        }
        await new Promise(resolve => setTimeout(resolve, 0));
        gc();
        expect(earlier.filter(ref => ref.deref() !== undefined).length).toBe(0);
    });
});
