import { EmptyFileSystem, URI, type FileSystemProvider, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { createJourneyServices, type JourneyServiceSet } from '../../src/language/journey-module.js';
import type { Model } from '../../src/language/generated/ast.js';

export const SEVERITY_NAMES = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;

export interface Linted {
    services: JourneyServiceSet;
    documents: Map<string, LangiumDocument<Model>>;
    diagnostics(file?: string): Diagnostic[];
}

export interface LintOptions {
    /** VS Code settings section `journey` (e.g. `{ rules: { 'stage-no-goal': 'off' } }`). */
    settings?: Record<string, unknown>;
    fileSystem?: () => FileSystemProvider;
    services?: JourneyServiceSet;
}

/**
 * Loads files (name → text) as one workspace under file:///ws/ and builds it
 * with validation, the way the CLI and the language server do.
 */
export async function lint(files: Record<string, string> | string, options: LintOptions = {}): Promise<Linted> {
    const sources = typeof files === 'string' ? { 'main.journey': files } : files;
    const services = options.services ?? createJourneyServices(options.fileSystem ? { fileSystemProvider: options.fileSystem } : EmptyFileSystem);
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
        services,
        documents,
        diagnostics: (file?: string) => {
            const document = file ? documents.get(file) : documents.values().next().value;
            if (!document) throw new Error(`no document ${file}`);
            return document.diagnostics ?? [];
        }
    };
}

/** `line:severity:rule` (1-based line) for compact exact comparisons. */
export function summary(diagnostics: readonly Diagnostic[], severities: readonly string[] = ['error', 'warning', 'info']): string[] {
    return diagnostics
        .filter(d => severities.includes(SEVERITY_NAMES[(d.severity ?? 1) as 1 | 2 | 3 | 4]))
        .map(d => `${d.range.start.line + 1}:${SEVERITY_NAMES[(d.severity ?? 1) as 1 | 2 | 3 | 4]}:${String(d.code)}`);
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(d => String(d.code));
}
