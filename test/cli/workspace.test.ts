import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { CliError, type CliIO } from '../../src/cli/command.js';
import { findJourneyFiles, IgnoreRules, workspaceFilesUnder } from '../../src/cli/find-files.js';
import { EmptyFileSystem, URI, type AstNodeDescription, type LangiumDocument } from 'langium';
import { declaresShared, declaresSharedText, displayPath, JourneyHeaders, journeyBodiesBlanked, loadWorkspace } from '../../src/cli/workspace.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { JourneyLinker } from '../../src/language/references/journey-linker.js';
import type { Model } from '../../src/language/generated/ast.js';
import { cleanMap, tempTree } from './run-cli.js';
import { isInside } from '../../src/node/workspace-root.js';

function io(cwd: string, input = ''): CliIO {
    const stdin = new PassThrough();
    stdin.end(input);
    return { cwd, stdin, stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
}

describe('findJourneyFiles', () => {
    const find = (args: string[], cwd: string, patterns: string[] = []) =>
        findJourneyFiles(args, cwd, new IgnoreRules(cwd, patterns)).map(f => f.slice(cwd.length + 1)).sort();

    test('braces, ** and character classes through the glob library; .journey files only; node_modules skipped', () => {
        const root = tempTree({ 'm/a.journey': '', 'm/b.txt': '', 'm/node_modules/c.journey': '', 'm/d/e.journey': '', 'm/f.journey': '' });
        expect(find(['m/**/*'], root)).toEqual(['m/a.journey', 'm/d/e.journey', 'm/f.journey']);
        expect(find(['m/*'], root)).toEqual(['m/a.journey', 'm/f.journey']);
        expect(find(['m/{a,d/e}.journey'], root)).toEqual(['m/a.journey', 'm/d/e.journey']);
        expect(find(['m/[!a].journey'], root)).toEqual(['m/f.journey']);
        expect(() => find(['absent/**/*.journey'], root)).toThrow(CliError);
    });

    test('ignore files apply from the git root down; --ignore-pattern from the current folder', () => {
        const root = tempTree({ '.git/HEAD': '', '.gitignore': 'out/\n', 'sub/.journeyignore': '*.tmp.journey\n', 'sub/a.journey': '', 'sub/b.tmp.journey': '', 'out/c.journey': '' });
        expect(find(['.'], root)).toEqual(['sub/a.journey']);
        expect(find(['sub/*'], join(root))).toEqual(['sub/a.journey']);
        expect(find(['.'], root, ['sub/b.*'])).toEqual(['sub/a.journey']);
        expect(() => find(['.'], root, ['sub/a.journey'])).toThrow("no .journey files found in folder '.'");
        // Named explicitly: read, ignored or not.
        expect(find(['out/c.journey'], root)).toEqual(['out/c.journey']);
    });
});

describe('isInside', () => {
    test('a folder or file whose name starts with two dots is inside; the parent and what is beside are not', () => {
        const folder = join('/', 'w', 'p');
        expect(isInside(join(folder, '..x', 'c.journey'), folder)).toBe(true);
        expect(isInside(join(folder, '..x'), folder)).toBe(true);
        expect(isInside(join(folder, '...'), folder)).toBe(true);
        expect(isInside(folder, folder)).toBe(true);
        expect(isInside(join('/', 'w'), folder)).toBe(false);
        expect(isInside(join('/', 'w', 'q', 'c.journey'), folder)).toBe(false);
        expect(isInside(join('/', 'w', 'p2'), folder)).toBe(false);
    });
});

describe('loadWorkspace', () => {
    test('one workspace for every file, sorted by path, stdin last', async () => {
        const root = tempTree({ 'z.journey': cleanMap(), 'a/b.journey': cleanMap().replace('Essai', 'B') });
        const workspace = await loadWorkspace(['z.journey', '-', 'a'], io(root, 'team T "T"\n'), { validate: false });
        expect(workspace.documents.map(d => d.path)).toEqual([join(root, 'a/b.journey'), join(root, 'z.journey'), '<stdin>']);
        expect(workspace.services.shared.workspace.LangiumDocuments.all.count()).toBe(3);
        expect(workspace.documents.every(d => d.diagnostics.length === 0)).toBe(true);
        expect(workspace.documents[2].document.parseResult.value.teams[0].name).toBe('T');
    });

    test('diagnostics are sorted by line then column', async () => {
        const root = tempTree({ 'm.journey': 'journey J {\n  stage S { touchpoint T { channel X, Y } }\n  metric M "M" in Nowhere\n}\n' });
        const [file] = (await loadWorkspace([], io(root))).documents;
        const positions = file.diagnostics.map(d => [d.range.start.line, d.range.start.character]);
        expect(positions.length).toBeGreaterThan(2);
        expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    });

    test('the same file given twice is loaded once', async () => {
        const root = tempTree({ 'm.journey': cleanMap() });
        const workspace = await loadWorkspace(['m.journey', './m.journey', '*.journey'], io(root), { validate: false });
        expect(workspace.documents).toHaveLength(1);
    });

    test('missing paths and empty globs are CliErrors (exit 2)', async () => {
        const root = tempTree({ 'm.journey': cleanMap() });
        await expect(loadWorkspace(['x.journey'], io(root))).rejects.toThrow(new CliError("no such file or folder: 'x.journey'"));
        await expect(loadWorkspace(['**/*.jrny'], io(root))).rejects.toThrow(CliError);
    });

    test("its parser skips chevrotain's grammar checks (the language server and the tests run them): each lint thread builds one", async () => {
        const workspace = await loadWorkspace(['.'], io(tempTree({ 'a.journey': cleanMap() })));
        expect(workspace.services.Journey.LanguageMetaData.mode).toBe('production');
        expect(createJourneyServices(EmptyFileSystem).Journey.LanguageMetaData.mode).toBe('development');
        expect(workspace.documents[0].diagnostics).toEqual([]);
    });

    test('displayPath is relative inside the base, absolute outside', () => {
        expect(displayPath('/r/a/b.journey', '/r')).toBe('a/b.journey');
        expect(displayPath('/elsewhere/b.journey', '/r')).toBe('/elsewhere/b.journey');
        expect(displayPath('<stdin>', '/r')).toBe('<stdin>');
    });
});

describe('a batch run\'s linking (lint, render, export…)', () => {
    test("links every reference to the same target, recorded in the same order, as the language server's linker; the same scopes", async () => {
        const files = {
            'common.journey': 'persona Shared "S" { goal "g" }\nchannel Web "Web" digital\nteam Ops "Ops"\n',
            'map.journey': [
                'journey J "J" {',
                '  persona Local "L" { goal "g" }',
                '  stage A "A" { goal "g"',
                '    touchpoint T1 { channel Web personas Shared, Local emotion Local 1 owner Ops next T2 }',
                '    touchpoint T2 { channel Wbe personas Nobody owner Ops next T3 friction "f" severity high }',
                '  }',
                '  stage B "B" { touchpoint T3 { channel Web personas Shared next T1 } }',
                '  metric M "M" in B target 5%',
                '  metric N "N" in Nowhere target 5%',
                '}', ''
            ].join('\n')
        };
        const root = tempTree(files);
        const batch = await loadWorkspace(['.'], io(root));
        const server = createJourneyServices(EmptyFileSystem);
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = server.shared.workspace;
        const documents = Object.entries(files).map(([name, text]) => LangiumDocumentFactory.fromString<Model>(text, URI.file(join(root, name))));
        documents.forEach(document => LangiumDocuments.addDocument(document));
        await DocumentBuilder.build(documents, { validation: false });
        const links = (document: LangiumDocument) => document.references.map(reference => {
            const target = 'ref' in reference ? reference.ref : undefined;
            return `${reference.$refText} -> ${target ? `${(target as { name?: string }).name}@${server.Journey.workspace.AstNodeLocator.getAstNodePath(target)}` : reference.error?.message}`;
        });
        const batchMap = batch.documents.find(d => d.path.endsWith('map.journey'))!.document;
        expect(batch.services.Journey.references.Linker).toBeInstanceOf(JourneyLinker);
        expect(links(batchMap)).toHaveLength(15);
        expect(links(batchMap)).toEqual(links(documents[1]));
        // The scopes' descriptions (made lazily in a batch run) say the same as Langium's.
        const described = (document: LangiumDocument<Model>) => [document.parseResult.value, ...document.parseResult.value.journeys]
            .flatMap(scope => document.localSymbols!.getStream(scope).toArray()).map(description => ({
            name: description.name, type: description.type, path: description.path, uri: description.documentUri.toString(),
            nameSegment: description.nameSegment, selectionSegment: description.selectionSegment, node: description.node?.$type
        }));
        expect(described(batchMap)).toHaveLength(9);
        expect(described(batchMap)).toEqual(described(documents[1]));
    });
});

describe('journeyBodiesBlanked (files of the workspace that are not linted)', () => {
    test('keeps every offset and what the file exports; blanks only the inside of top-level journeys', () => {
        const text = 'persona P "P {" { goal "g" }\n// journey { not this\njourney J "J" {\n  stage S { touchpoint T { emotion 1 } }\n  persona L "}" { goal \'{\' }\n}\nteam T "T"\n';
        const blanked = journeyBodiesBlanked(text);
        expect(blanked.length).toBe(text.length);
        expect(blanked.split('\n').length).toBe(text.split('\n').length);
        expect(blanked).toContain('persona P "P {" { goal "g" }');
        expect(blanked).toContain('journey J "J" {');
        expect(blanked).toContain('team T "T"');
        expect(blanked).not.toMatch(/stage|touchpoint|persona L/);
    });

    test('skips braces in strings (escaped quotes too) and comments, keeps CRLF and every UTF-16 offset, blanks an unclosed body to the end', () => {
        const text = 'journey J "a \\" {" {\r\n  /* } */ stage S "😀 }" { // }\r\n  }\r\n}\r\nteam T "T"\r\njourney K "K" {\n  stage Open {';
        const blanked = journeyBodiesBlanked(text);
        expect(blanked).toBe('journey J "a \\" {" {\r\n' + ' '.repeat(31) + '\r\n   \r\n}\r\nteam T "T"\r\njourney K "K" {\n' + ' '.repeat(14));
    });

    test("keeping lines only: a body's lines are emptied but its last one, so every line and every column outside the bodies stays", () => {
        const text = 'journey J "J" {\r\n  stage S { touchpoint T { emotion 1 } }\r\n  }  persona P "P"\r\njourney K { stage A { } } team T "T"\njourney L "L" {\n  stage Open {';
        const blanked = journeyBodiesBlanked(text, 'lines');
        expect(blanked).toBe('journey J "J" {\r\n\r\n  }  persona P "P"\r\njourney K {' + ' '.repeat(13) + '} team T "T"\njourney L "L" {\n' + ' '.repeat(14));
        expect(blanked.split('\n').length).toBe(text.split('\n').length);
    });

    test('keeping lines only: the declarations a file exports have the ranges they have in the full file', async () => {
        const text = '// shared\njourney J "J" {\n  stage S "S" {\n    touchpoint T { emotion 1 }\n  }\n  } persona P "P" { goal "g" }\nchannel C "C" digital\njourney K { stage A { } } team T "T"\n';
        const { shared, Journey } = createJourneyServices(EmptyFileSystem);
        const ranges = async (source: string) => {
            const document = shared.workspace.LangiumDocumentFactory.fromString(source, URI.file('/ws/a.journey'));
            const exported = await Journey.references.ScopeComputation.collectExportedSymbols(document);
            return exported.map(description => [description.type, description.name, description.nameSegment?.range, description.selectionSegment?.range.end]);
        };
        expect(await ranges(text)).toHaveLength(5);
        expect(await ranges(journeyBodiesBlanked(text, 'lines'))).toEqual(await ranges(text));
    });
});

describe('journeyBodiesBlanked on a long line (a neighbour map written on one line)', () => {
    const services = createJourneyServices(EmptyFileSystem);
    let count = 0;
    const declared = async (text: string) => {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/ws/long-${count++}.journey`));
        return (await services.Journey.references.ScopeComputation.collectExportedSymbols(document)).map(d => ({ type: d.type, name: d.name }));
    };
    /** `stages` stages of one touchpoint each, joined by `separator`, in a journey, with a persona after it (so the map is parsed, not read from its header). */
    const map = (stages: number, separator: string) => `journey B "b" {${Array.from({ length: stages }, (_, i) =>
        ` stage S${i} "s" { touchpoint T${i} "t" { emotion 1 } }`).join(separator)} }${separator}persona P "P"\n`;

    test('2000 stages on one line: the blanked text declares what the text does, and what the same stages one per line declare', async () => {
        const oneLine = map(2000, ' ');
        const blanked = journeyBodiesBlanked(oneLine, 'lines');
        expect(blanked).toBe(`journey B "b" {${' '.repeat(oneLine.indexOf('} persona') - 'journey B "b" {'.length)}} persona P "P"\n`);
        const declarations = await declared(blanked);
        expect(declarations).toHaveLength(2);
        expect(declarations).toEqual(expect.arrayContaining([{ type: 'Journey', name: 'B' }, { type: 'Persona', name: 'P' }]));
        expect(declarations).toEqual(await declared(oneLine));
        expect(declarations).toEqual(await declared(journeyBodiesBlanked(map(2000, '\n'), 'lines')));
    });

    // Not timed: these inputs are sized so that a blanking quadratic in the line's length (as a regular expression
    // that looked for a line break from every character of the line was) takes minutes on them, far past the
    // test timeout (30 s), while a linear one takes milliseconds.
    test('a one-line body of 160 KB, and one of 200,000 quotes, are blanked keeping the line', () => {
        const long = map(3000, ' ');
        expect(long.length).toBeGreaterThan(160_000);
        expect(journeyBodiesBlanked(long, 'lines')).toHaveLength(long.length);
        const quotes = `journey A "a" {${'"'.repeat(200_000)}}\n`;
        expect(journeyBodiesBlanked(quotes, 'lines')).toBe(`journey A "a" {${' '.repeat(200_000)}}\n`);
    });

    test('line breaks in a long body are kept, a CR alone as an LF, its last line blanked', () => {
        const body = 'x'.repeat(100_000);
        expect(journeyBodiesBlanked(`journey J {${body}\r\n${body}\r${body}\n${body}}`, 'lines')).toBe(`journey J {\r\n\n\n${' '.repeat(100_000)}}`);
    });
});

describe('journeyBodiesBlanked and JourneyHeaders read a text as the lexer does', () => {
    const services = createJourneyServices(EmptyFileSystem);
    const headers = new JourneyHeaders(services);
    let count = 0;
    /** What a text exports, parsed: types, names, the ranges of names and of whole declarations, and the name's offsets when asked. */
    const exported = async (text: string, withOffsets: boolean) => {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/ws/tricky-${count++}.journey`));
        return described(await services.Journey.references.ScopeComputation.collectExportedSymbols(document), withOffsets);
    };
    const described = (descriptions: readonly AstNodeDescription[], withOffsets: boolean) => descriptions.map(d => ({
        type: d.type, name: d.name, name_range: d.nameSegment?.range, selection: d.selectionSegment?.range,
        ...(withOffsets ? { offset: d.nameSegment?.offset } : {})
    }));

    test.each([
        ['a CR alone in a body, an LF on a later line', 'journey J "J" {\r  stage S "S" { goal "g" }\n}\npersona Dup "D"\n'],
        ['a CR alone just before the closing brace, CR lines after', 'journey J {\r}\rpersona P "P"\r\rteam T "T"'],
        ['CR, LF and CRLF mixed in a body', 'journey J {\r\n stage A {\r}\n\r stage B { }\r\r\n}\npersona P "P"\n'],
        ['a string line ending in a backslash', 'journey J "t" {\n  stage S "x\\\n} persona Ghost \'G\' persona Q \'q\\\n{ goal \'g\'\n}\n'],
        ['a line comment at the end of the text, no line break', 'journey J { stage S { } } // }'],
        ['a line comment opening a journey at the end', 'persona P "P" // journey X {'],
        ['a block comment opener inside strings', 'journey J "/*" { stage S "/*" { } }\npersona P "*/ }"\n'],
        ['quotes inside comments', 'journey J { // it\'s "here\n stage S { } /* " \' */ }\npersona P "P"\n'],
        ['single quotes holding double ones and braces', 'journey J { stage S \'say "}" \' { } }\npersona P "it\'s }"\n'],
        ['escaped quotes and backslashes', 'journey J { stage S "a \\" } \\\\" { } }\npersona P \'\\\' }\'\n'],
        ['a block comment left open in a body', 'journey J {\n  /* open\n}\nteam T "T"\n'],
        ['a string left open in a body', 'journey J {\n  stage S "open {\n}\npersona P "P"\n'],
        ['journey inside names', 'persona journeyman "J"\npersona P_journey "P"\njourney J { stage journey_1 { } }\nteam T "T"\n'],
        ['journey followed by a connector punctuation (one name)', 'persona P "P"\njourney\u203FX { persona Q "Q" }\nteam T "T"\n'],
        ['journey followed by a combining mark (one name)', 'persona P "P"\njourneye\u0301 { persona Q "Q" }\n'],
        ['journey followed by a superscript digit (the keyword, then a slip)', 'journey\u00B2 J { stage S { } }\npersona P "P"\n'],
        ['astral characters before and inside a body', 'persona P "😀" journey J "😀" {\n stage S "😀 }" { }\n}  team T "𝒯"\n'],
        ['a lone journey with CR lines', 'journey J\r"J"\r{\r stage S { }\r}\r'],
        ['a lone journey with a CR alone and an LF later in its body', '// m\njourney J "J" {\r  stage S { }\n  stage T { }\r\n}\n']
    ])('%s: the declarations of the blanked text are those of the text', async (_label, text) => {
        const full = await exported(text, false);
        expect(full.length).toBeGreaterThan(0);
        expect(await exported(journeyBodiesBlanked(text, 'lines'), false)).toEqual(full);
        expect(await exported(journeyBodiesBlanked(text, 'offsets'), true)).toEqual(await exported(text, true));
        const fromHeader = headers.declarationsOf(text, URI.file('/ws/lone.journey'));
        if (fromHeader) expect(described(fromHeader, true)).toEqual(await exported(text, true));
    });
});

describe('JourneyHeaders (a lint thread indexes a map that is one journey from its header)', () => {
    const services = createJourneyServices(EmptyFileSystem);
    const headers = new JourneyHeaders(services);
    const uri = URI.file('/ws/a.journey');
    const described = (descriptions: readonly AstNodeDescription[]) => descriptions.map(d => ({
        name: d.name, type: d.type, path: d.path, uri: d.documentUri.toString(), nameSegment: d.nameSegment, selection: d.selectionSegment
    }));
    /** What the file exports when its blanked text is parsed, as a lint thread indexed every file before. */
    const parsed = async (text: string) => {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(journeyBodiesBlanked(text, 'lines'), uri);
        expect(document.parseResult.parserErrors).toEqual([]);
        return described(await services.Journey.references.ScopeComputation.collectExportedSymbols(document));
    };

    test.each([
        ['a plain map', 'journey J "J" {\n  stage S { touchpoint T { emotion 1 } }\n}\n'],
        ['no title, nothing after the brace', 'journey Étape_1 {\n  stage S "}" { }\n}'],
        ['a byte order mark, comments before and after, CRLF', '\uFEFF// map\r\n/* { journey X { */ journey  Ok "a \\" {" /* c */ {\r\n  stage S { }\r\n  }  // end\r\n/* } */\r\n'],
        ['lines ending in CR alone', 'journey J\r"J"\r{\r stage S { }\r}\r'],
        ['a name with marks and digits, the journey on a later line', '\n\n   journey Café2 "x" { stage S { touchpoint T { } } }']
    ])('%s: the same declarations as its blanked text parsed', async (_label, text) => {
        const declared = headers.declarationsOf(text, uri);
        expect(declared).toBeDefined();
        expect(described(declared!)).toEqual(await parsed(text));
    });

    test('a header found by one lint thread, posted to another (copied as a message is), gives the same declarations there', async () => {
        const text = '\uFEFF// map\r\njourney Café2 "x" {\r\n  stage S "}" { touchpoint T { } }\r\n}\r\n';
        const posted = structuredClone(headers.headerOf(text));
        expect(posted).toBeDefined();
        expect(described(headers.describe(posted!, text, uri))).toEqual(await parsed(text));
    });

    test.each([
        ['a top-level persona too', 'persona P "P"\njourney J "J" { }\n'],
        ['a persona after the journey', 'journey J "J" { }\npersona P "P"\n'],
        ['two journeys', 'journey J "J" { }\njourney K "K" { }\n'],
        ['a value keyword as the name', 'journey current "C" { }\n'],
        ['no name', 'journey "J" { }\n'],
        ['a slip in the header', 'journey J "J" state { }\n'],
        ['a title left open', 'journey J "J {\n}\n'],
        ['a body left open', 'journey J "J" {\n  stage S {\n}\n'],
        ['a stray brace after the body', 'journey J "J" { }\n}\n'],
        ['a character the lexer rejects after the body', 'journey J "J" { }\n#\n'],
        ['a comment left open after the body', 'journey J "J" { } /* open\n'],
        ['no journey', 'team T "T"\n'],
        ['nothing', '']
    ])('%s: parsed instead', (_label, text) => {
        expect(headers.declarationsOf(text, uri)).toBeUndefined();
    });
});


describe('declaresSharedText (whether a given map makes lint link, or lint on threads, the whole workspace)', () => {
    const services = createJourneyServices(EmptyFileSystem);
    const parsed = (text: string) => services.shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.file('/ws/a.journey'));

    test.each([
        ['a top-level persona', 'persona P "P" { goal "g" }\n', true],
        ['a channel after a journey', 'journey A "A" {}\nchannel Web "Web" digital\n', true],
        ['an indented team', '  team Ops "Ops"\n', true],
        ['a team after a byte order mark', '\uFEFFteam Ops "Ops"\n', true],
        ['a persona after a comment and a string', '// the team\njourney A "team" {}\n/* persona */ persona P "P" { goal "g" }\n', true],
        ['a line comment', '// Reviewed by the data team\njourney A "A" {}\n', false],
        ['a comment after the journey', 'journey A "A" {} // persona\n', false],
        ['a block comment', '/* persona\n   channel */\njourney A "A" {}\n', false],
        ['a title', 'journey A "Persona, channel and team" {}\n', false],
        ['a title with an escaped quote', 'journey A "the \\" team" {}\n', false],
        ['a persona of the journey', 'journey A "A" {\n  persona P "P" { goal "g" }\n  stage S "S" { goal "g" touchpoint T { personas P emotion 0 } }\n}\n', false],
        ['a name that holds the word', 'journey team_map "A" {}\n', false]
    ])('%s: declares shared names %s, as parsed', (_label, text, declares) => {
        expect(declaresShared(parsed(text))).toBe(declares);
        expect(declaresSharedText(text)).toBe(declares);
    });
});

describe('workspaceFilesUnder', () => {
    /** Rules that leave nothing out and record every file a listing found. */
    class Recording extends IgnoreRules {
        readonly asked: string[] = [];
        override ignores(file: string): boolean {
            this.asked.push(file);
            return false;
        }
    }
    const tree = () => tempTree({ 'top.journey': '', 'sub/a.journey': '', 'sub/deep/b.journey': '' });
    const relativeTo = (root: string, files: string[]) => files.map(file => file.slice(root.length + 1)).sort();

    test("a map's own folder, outside the current folder: its maps only, and nothing below it is walked", () => {
        const root = tree();
        const rules = new Recording(root);
        expect(relativeTo(root, workspaceFilesUnder(root, rules, join(root, 'sub')))).toEqual(['top.journey']);
        expect(relativeTo(root, rules.asked)).toEqual(['top.journey']);
    });

    test('the home folder as the current folder: the same, not a walk of the home folder', () => {
        const root = tree();
        const home = process.env.HOME;
        process.env.HOME = root;
        try {
            const rules = new Recording(root);
            expect(relativeTo(root, workspaceFilesUnder(root, rules, root))).toEqual(['top.journey']);
            expect(relativeTo(root, rules.asked)).toEqual(['top.journey']);
        } finally {
            process.env.HOME = home;
        }
    });

    test('the current folder (no config, no git root): every map under it', () => {
        const root = tree();
        expect(relativeTo(root, workspaceFilesUnder(root, new IgnoreRules(root), root))).toEqual(['sub/a.journey', 'sub/deep/b.journey', 'top.journey']);
    });
});
