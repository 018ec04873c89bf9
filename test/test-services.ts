// The one way tests get Journey's services and build an in-memory workspace, as the CLI and
// the language server do (documents added, then built with validation). Language, LSP and
// diagram tests share it; a test that needs another file system or settings passes them here.
import { EmptyFileSystem, URI, type FileSystemProvider, type LangiumDocument } from 'langium';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { createJourneyServices, type JourneyServiceSet } from '../src/language/journey-module.js';
import type { Model } from '../src/language/generated/ast.js';
import { CLEAN_EXAMPLES, EXAMPLES as examplesDir, INVALID_EXAMPLES } from './examples.js';

export { examplesDir };

/** Fresh services on an in-memory file system, or on the one given. */
export function createTestServices(fileSystem?: () => FileSystemProvider): JourneyServiceSet {
    return createJourneyServices(fileSystem ? { fileSystemProvider: fileSystem } : EmptyFileSystem);
}

export interface WorkspaceOptions {
    /** VS Code settings section `journey` (e.g. `{ rules: { 'stage-no-goal': 'off' } }`). */
    settings?: Record<string, unknown>;
    fileSystem?: () => FileSystemProvider;
    /** Services to reuse (a second build in the same workspace). */
    services?: JourneyServiceSet;
}

export interface TestWorkspace extends JourneyServiceSet {
    services: JourneyServiceSet;
    /** The documents by the name they were given. */
    documents: Map<string, LangiumDocument<Model>>;
    /** The diagnostics of a document (the first one when no name is given). */
    diagnostics(file?: string): Diagnostic[];
}

/**
 * Loads files (name → text; a bare string is `main.journey`) as one workspace under
 * file:///ws/ (a name starting with `file:` is taken as the URI) and builds it with validation.
 */
export async function buildWorkspace(files: Record<string, string> | string, options: WorkspaceOptions = {}): Promise<TestWorkspace> {
    const sources = typeof files === 'string' ? { 'main.journey': files } : files;
    const services = options.services ?? createTestServices(options.fileSystem);
    if (options.settings) {
        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { journey: options.settings } });
    }
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const documents = new Map<string, LangiumDocument<Model>>();
    for (const [name, text] of Object.entries(sources)) {
        const uri = name.startsWith('file:') ? URI.parse(name) : URI.file(`/ws/${name}`);
        const document = LangiumDocumentFactory.fromString<Model>(text, uri);
        LangiumDocuments.addDocument(document);
        documents.set(name, document);
    }
    await DocumentBuilder.build([...documents.values()], { validation: true });
    return {
        ...services,
        services,
        documents,
        diagnostics: (file?: string) => {
            const document = file ? documents.get(file) : documents.values().next().value;
            if (!document) throw new Error(`no document ${file}`);
            return document.diagnostics ?? [];
        }
    };
}

/** The language's lexer, for the pretty printer. */
export const journeyLexer = createTestServices().Journey.parser.Lexer;

export const SEVERITY_NAMES = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;

/** `line:severity:rule` (1-based line) for compact exact comparisons. */
export function summary(diagnostics: readonly Diagnostic[], severities: readonly string[] = ['error', 'warning', 'info']): string[] {
    return diagnostics
        .filter(d => severities.includes(SEVERITY_NAMES[(d.severity ?? 1) as 1 | 2 | 3 | 4]))
        .map(d => `${d.range.start.line + 1}:${SEVERITY_NAMES[(d.severity ?? 1) as 1 | 2 | 3 | 4]}:${String(d.code)}`);
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(d => String(d.code));
}

/** Every example, valid and invalid, by path relative to examples/. */
export const exampleFiles: string[] = [...CLEAN_EXAMPLES, ...INVALID_EXAMPLES];

export function readExample(name: string): string {
    return readFileSync(join(examplesDir, name), 'utf8');
}

/** The offset of the first occurrence of `needle` in `text`, plus `shift`. */
export function offsetOf(text: string, needle: string, shift = 0): number {
    const index = text.indexOf(needle);
    if (index < 0) throw new Error(`'${needle}' not found`);
    return index + shift;
}
