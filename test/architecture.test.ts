// The import layers of src/ (docs/architecture.md): pure code never reaches up into a host,
// and the CLI reaches the language server only through the `lsp` command's entry. The folder
// graph is printed so a reviewer sees the shape (`npx vitest run test/architecture.test.ts`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, test } from 'vitest';
import { REPO } from './examples.js';

/** A module's folder as the layers see it: `src/<top>`, with the language's editor features (`lsp`) apart. */
export function folderOf(path: string): string {
    const parts = path.split(sep);
    if (parts[0] === 'webview') return 'webview';
    if (parts[1] === 'language' && parts[2] === 'lsp') return 'src/language/lsp';
    if (parts[1] === 'cli' && parts[2] === 'browser') return 'src/cli/browser';
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

export interface ImportEdge { from: string; to: string; typeOnly: boolean }

/** Every relative import, export-from and dynamic import of the .ts files under `roots`, as repository paths. */
export function importsOf(repo: string, roots: string[]): ImportEdge[] {
    const edges: ImportEdge[] = [];
    const files = roots.flatMap(root => walk(join(repo, root))).filter(file => file.endsWith('.ts') && !file.includes(`${sep}generated${sep}`));
    for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;
        for (const match of text.matchAll(pattern)) {
            const specifier = match[3] ?? match[4];
            if (!specifier.startsWith('.')) continue;
            const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
            edges.push({ from: relative(repo, file), to: relative(repo, target), typeOnly: Boolean(match[2]) });
        }
    }
    return edges;
}

function walk(folder: string): string[] {
    return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
        entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)]);
}

/** folder → the other folders it imports from (sorted), `(types)` marking type-only edges. */
export function folderGraph(edges: ImportEdge[]): Map<string, string[]> {
    const graph = new Map<string, Map<string, boolean>>();
    for (const edge of edges) {
        const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
        if (from === to) continue;
        const targets = graph.get(from) ?? new Map<string, boolean>();
        targets.set(to, (targets.get(to) ?? true) && edge.typeOnly);
        graph.set(from, targets);
    }
    return new Map([...graph].sort(([a], [b]) => a.localeCompare(b))
        .map(([from, targets]) => [from, [...targets].sort(([a], [b]) => a.localeCompare(b)).map(([to, typeOnly]) => typeOnly ? `${to} (types)` : to)]));
}

const HOSTS = ['src/cli', 'src/cli/browser', 'src/server', 'src/extension', 'src/preview-host', 'webview'];
/** The browser pages: the webview, the standalone page of `render --format html`, and the page both hosts serve. */
const PAGES = ['webview', 'src/cli/browser', 'src/preview-host'];
const PURE = ['src/common', 'src/language', 'src/language/lsp', 'src/diagram', 'src/export', 'src/import', 'src/services'];

describe('import layers of src/', () => {
    const edges = importsOf(process.env.ARCHITECTURE_REPO ?? REPO, ['src', 'webview']);
    const graph = folderGraph(edges);

    test('the folder graph (printed for the reader)', () => {
        console.log([...graph].map(([from, to]) => `${from} → ${to.join(', ')}`).join('\n'));
        expect(graph.size).toBeGreaterThan(5);
    });

    test('the language, the pure views, the shared code and the Node helpers (src/node) import nothing from a host', () => {
        const upward = edges.filter(e => [...PURE, 'src/node'].includes(folderOf(e.from)) && HOSTS.includes(folderOf(e.to)));
        expect(upward.map(e => `${e.from} → ${e.to}`)).toEqual([]);
    });

    test('shared code takes from the diagram only its plain types (the protocol carries diagram models)', () => {
        // src/i18n is a pure leaf (the catalogue): shared code may speak the reader's language (kpi.ts).
        const fromDiagram = edges.filter(e => folderOf(e.from) === 'src/common' && !['src/common', 'src/i18n'].includes(folderOf(e.to)) && e.to !== join('src', 'diagram', 'types.ts'));
        expect(fromDiagram.map(e => `${e.from} → ${e.to}`)).toEqual([]);
    });

    test('the diagram, export and import code stay off the editor features (src/language/lsp)', () => {
        const editorOnly = edges.filter(e => ['src/diagram', 'src/export', 'src/import', 'src/language'].includes(folderOf(e.from)) && !e.typeOnly
            && folderOf(e.to) === 'src/language/lsp' && !e.from.endsWith('journey-module.ts'));
        expect(editorOnly.map(e => `${e.from} → ${e.to}`)).toEqual([]);
    });

    test('the CLI reaches the language server only through the lsp command', () => {
        const intoServer = edges.filter(e => folderOf(e.from) === 'src/cli' && ['src/server', 'src/language/lsp'].includes(folderOf(e.to))
            && e.from !== join('src', 'cli', 'lsp.ts'));
        expect(intoServer.map(e => `${e.from} → ${e.to}`)).toEqual([]);
    });

    test('no host imports another host (the extension, the server, the CLI and the webview stand apart)', () => {
        const [from, to] = [(e: ImportEdge) => folderOf(e.from), (e: ImportEdge) => folderOf(e.to)];
        const across = edges.filter(e => HOSTS.includes(from(e)) && HOSTS.includes(to(e)) && from(e) !== to(e)
            // Hosts serve the pages and pages share code; the CLI's lsp command starts the server.
            && !PAGES.includes(to(e)) && !(e.from === join('src', 'cli', 'lsp.ts') && to(e) === 'src/server'));
        expect(across.map(e => `${e.from} → ${e.to}`)).toEqual([]);
    });
});

/** The CLI's commands that build only the core language services (src/language/journey-core-module.ts). */
const BATCH_COMMANDS = ['lint', 'lint-worker', 'format', 'render', 'export', 'compare', 'diff', 'import', 'preview'];
/** What only the editor needs: Langium's LSP layer, the LSP server package and the language's editor features. */
const EDITOR_ONLY = /node_modules\/langium\/lib\/lsp\/|node_modules\/vscode-languageserver\/|src\/language\/lsp\//;

describe('the CLI bundle', () => {
    test('batch commands load neither langium/lsp nor vscode-languageserver (only `journey lsp` does)', async () => {
        // The options that decide the chunks, as esbuild.mjs builds the CLI (one entry, split per dynamic import).
        const { metafile } = await esbuild.build({
            absWorkingDir: REPO, entryPoints: { cli: 'src/cli/main.ts', 'cli-lint-worker': 'src/cli/lint-worker.ts', 'cli-elk-worker': 'src/cli/elk-worker.ts' },
            bundle: true, platform: 'node', target: 'node20', format: 'esm', splitting: true, mainFields: ['module', 'main'],
            external: ['@resvg/resvg-js'], outdir: 'out', write: false, metafile: true, logLevel: 'silent'
        });
        const outputs = metafile.outputs;
        // What a command's chunk loads before it runs: its chunk and every chunk it imports statically.
        const loaded = (output: string, seen = new Set<string>()): Set<string> => {
            if (seen.has(output)) return seen;
            seen.add(output);
            for (const i of outputs[output].imports) if (i.kind === 'import-statement' && outputs[i.path]) loaded(i.path, seen);
            return seen;
        };
        const editorInputsOf = (command: string) => {
            const chunk = Object.keys(outputs).find(output => outputs[output].entryPoint === `src/cli/${command}.ts`);
            if (!chunk) throw new Error(`no chunk for src/cli/${command}.ts`);
            return [...loaded(chunk)].flatMap(c => Object.keys(outputs[c].inputs)).filter(input => EDITOR_ONLY.test(input));
        };
        expect(Object.fromEntries(BATCH_COMMANDS.map(command => [command, editorInputsOf(command)])))
            .toEqual(Object.fromEntries(BATCH_COMMANDS.map(command => [command, []])));
        // The check sees the editor's modules where they are.
        expect(editorInputsOf('lsp').length).toBeGreaterThan(0);
    });
});
