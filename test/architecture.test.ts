// The import layers of src/ (docs/architecture.md): pure code never reaches up into a host,
// and the CLI reaches the language server only through the `lsp` command's entry. The folder
// graph is printed so a reviewer sees the shape (`npx vitest run test/architecture.test.ts`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
