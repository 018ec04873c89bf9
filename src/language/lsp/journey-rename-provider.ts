import { AstUtils, CstUtils, type AstNode, type AstNodeLocator, type IndexManager, type LangiumDocument, type LangiumDocuments, type NameProvider } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import { t } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { kindWord } from '../validation/diagnostics.js';
import { LSPErrorCodes, ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import { isJourney, type Journey } from '../generated/ast.js';
import { IDENTIFIER, RESERVED_WORDS } from '../grammar-facts.js';
import { journeyDeclarations } from '../references/journey-scope-computation.js';
import type { JourneyServices } from '../journey-module.js';
import { declarationsOfRoot, type WorkspaceRoots } from '../references/workspace-roots.js';

/**
 * Rename across files: the declaration and every reference, nothing else.
 * Refuses, with a message the editor shows, names that are not identifiers,
 * reserved keywords, and names that would clash with a declaration of the
 * same kind visible where the renamed one is declared or used.
 */
export class JourneyRenameProvider extends DefaultRenameProvider {
    private readonly indexManager: IndexManager;
    private readonly documents: LangiumDocuments;
    private readonly locator: AstNodeLocator;
    private readonly names: NameProvider;
    private readonly messageLocale: MessageLocale;
    private readonly roots: WorkspaceRoots;

    constructor(services: JourneyServices) {
        super(services);
        this.indexManager = services.shared.workspace.IndexManager;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.locator = services.workspace.AstNodeLocator;
        this.names = services.references.NameProvider;
        this.messageLocale = services.config.MessageLocale;
        this.roots = services.references.WorkspaceRoots;
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params);
        if (!target) return undefined;
        const newName = params.newName;
        const locale = this.messageLocale.of(document.uri);
        if (!IDENTIFIER.test(newName)) {
            throw new ResponseError(LSPErrorCodes.RequestFailed, t(locale, 'rename.invalidName', { name: newName }));
        }
        if (RESERVED_WORDS.has(newName)) {
            throw new ResponseError(LSPErrorCodes.RequestFailed, t(locale, 'rename.reserved', { name: newName }));
        }
        if (newName !== this.names.getName(target) && this.clashes(target, newName)) {
            throw new ResponseError(LSPErrorCodes.RequestFailed,
                t(locale, 'rename.taken', { name: newName, kind: kindWord('a', target.$type), old: this.names.getName(target) ?? '' }));
        }
        return super.rename(document, params);
    }

    private targetAt(document: LangiumDocument, params: RenameParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        const range = this.renameNodeRange(document, params.position);
        if (!root || !range) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
        return leaf && this.references.findDeclarations(leaf)[0];
    }

    /** True when a declaration of the target's kind named `name` is visible where the target is declared or referenced. */
    private clashes(target: AstNode, name: string): boolean {
        const clashing = (node: AstNode) => node !== target && node.$type === target.$type && this.names.getName(node) === name;
        const journeys = new Set<Journey>(this.referencingJourneys(target));
        const owner = AstUtils.getContainerOfType(target, isJourney);
        if (owner) journeys.add(owner);
        for (const journey of journeys) {
            if ([...journeyDeclarations(journey)].some(clashing)) return true;
        }
        // Top-level declarations are visible in their whole workspace (the documents of one root); stages and touchpoints are never exported.
        const root = this.roots.rootOf(AstUtils.getDocument(target).uri);
        return declarationsOfRoot(this.indexManager, this.roots, root, target.$type).some(d => d.name === name);
    }

    private referencingJourneys(target: AstNode): Journey[] {
        const found: Journey[] = [];
        for (const reference of this.references.findReferences(target, { includeDeclaration: false })) {
            const root = this.documents.getDocument(reference.sourceUri)?.parseResult.value;
            const source = root && this.locator.getAstNode(root, reference.sourcePath);
            const journey = source && AstUtils.getContainerOfType(source, isJourney);
            if (journey) found.push(journey);
        }
        return found;
    }
}
