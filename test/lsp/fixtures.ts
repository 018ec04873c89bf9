import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJourneyServices, type JourneyServiceSet } from '../../src/language/journey-module.js';
import type { Model } from '../../src/language/generated/ast.js';
import { CLEAN_EXAMPLES, EXAMPLES as examplesDir, INVALID_EXAMPLES } from '../examples.js';

export { examplesDir };

/** Every example, valid and invalid, by path relative to examples/. */
export const exampleFiles: string[] = [...CLEAN_EXAMPLES, ...INVALID_EXAMPLES];

/** The language's lexer, for the pretty printer. */
export const journeyLexer = createJourneyServices(EmptyFileSystem).Journey.parser.Lexer;

export function readExample(name: string): string {
    return readFileSync(join(examplesDir, name), 'utf8');
}

export interface TestWorkspace extends JourneyServiceSet {
    documents: Map<string, LangiumDocument<Model>>;
}

/**
 * Builds an in-memory workspace (no file system) with the given files, keyed
 * by file name, validated like the language server does.
 */
export async function buildWorkspace(files: Record<string, string>): Promise<TestWorkspace> {
    const services = createJourneyServices(EmptyFileSystem);
    const documents = new Map<string, LangiumDocument<Model>>();
    for (const [name, text] of Object.entries(files)) {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///ws/${name}`));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        documents.set(name, document);
    }
    await services.shared.workspace.DocumentBuilder.build([...documents.values()], { validation: true });
    return { ...services, documents };
}

/** The offset of the first occurrence of `needle` in `text`, plus `shift`. */
export function offsetOf(text: string, needle: string, shift = 0): number {
    const index = text.indexOf(needle);
    if (index < 0) throw new Error(`'${needle}' not found`);
    return index + shift;
}
