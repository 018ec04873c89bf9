import { AstUtils, DocumentState, type AstNode, type AstNodeDescription, type LangiumDocument, type URI } from 'langium';
import { JourneyDocumentFactory } from '../journey-document-factory.js';
import { isModel } from '../generated/ast.js';
import type { JourneyCoreServices } from '../journey-core-module.js';
import { declarationsOfRoot } from '../references/workspace-roots.js';

/**
 * What the rest of the workspace contributes when this process builds only a shard of it
 * (`journey lint` on worker threads, src/cli/lint-workers.ts): the other shards' files are
 * here with their journey bodies blanked, so the facts that need those bodies come from
 * the shards that parsed them. Every list is in workspace (path) order.
 */
export interface WorkspaceJoin {
    /** URIs of the workspace's documents the parser had to recover. */
    readonly recovered: ReadonlySet<string>;
    /** `uri#path` of every top-level declaration some reference in the workspace resolves to. */
    readonly referenced: ReadonlySet<string>;
}

const joins = new WeakMap<object, WorkspaceJoin>();

/** Makes the checks of this service set take `join` as the rest of the workspace (set before validating). */
export function setWorkspaceJoin(services: JourneyCoreServices, join: WorkspaceJoin): void {
    joins.set(services.shared, join);
}

export function workspaceJoinOf(services: JourneyCoreServices): WorkspaceJoin | undefined {
    return joins.get(services.shared);
}

/** The key of a node in `WorkspaceJoin.referenced`. */
export function nodeKey(services: JourneyCoreServices, node: AstNode): string {
    return `${AstUtils.getDocument(node).uri.toString()}#${services.workspace.AstNodeLocator.getAstNodePath(node)}`;
}

/**
 * Workspace-wide facts several checks need (top-level declarations by name,
 * which declarations are referenced anywhere), computed once per build instead
 * of once per node: a 1,000-file workspace must not be scanned per persona.
 * Dropped whenever the index or the links may have changed.
 */
export class WorkspaceFacts {
    /** By workspace root, then type and name. */
    private declarations: Map<string, Map<string, Map<string, AstNodeDescription[]>>> | undefined;
    private referenced: Set<AstNode> | undefined;
    /** The targets of one document's references (the last one asked about), for its journey-local declarations. */
    private local: { document: LangiumDocument, targets: Set<AstNode> } | undefined;
    /** Whether a document of the workspace had to be recovered by the parser, by workspace root. */
    private recovered: Map<string, boolean> | undefined;

    constructor(private readonly services: JourneyCoreServices) {
        const builder = services.shared.workspace.DocumentBuilder;
        const invalidate = () => {
            this.declarations = undefined;
            this.referenced = undefined;
            this.local = undefined;
            this.recovered = undefined;
        };
        builder.onUpdate((changed, deleted) => {
            invalidate();
            // A keystroke inside a string or comment changes no name: what the shared declarations were told stands.
            if (deleted.length === 0 && changed.length === 1 && this.editsInPlace(changed[0])) return;
            this.revalidateSharedDeclarations(new Set([...changed, ...deleted].map(uri => uri.toString())));
        });
        builder.onBuildPhase(DocumentState.IndexedContent, invalidate);
        builder.onBuildPhase(DocumentState.Linked, invalidate);
    }

    /**
     * Whether a top-level persona is used, and which of two same-named top-level
     * declarations comes first, depend on other files: when any file changes, the
     * files declaring top-level personas, channels or teams are validated again
     * (they are few, usually one shared file), so persona-unused and
     * duplicate-name follow the edits.
     */
    private revalidateSharedDeclarations(changed: Set<string>): void {
        const builder = this.services.shared.workspace.DocumentBuilder;
        for (const document of this.services.shared.workspace.LangiumDocuments.all) {
            const root = document.parseResult.value;
            if (changed.has(document.uri.toString()) || !isModel(root)) continue;
            if (root.personas.length + root.channels.length + root.teams.length === 0) continue;
            if (document.state >= DocumentState.Validated) builder.resetToState(document, DocumentState.IndexedReferences);
        }
    }

    /** The document's pending update is an edit in place (journey-document-factory.ts): no declaration or reference changes. */
    private editsInPlace(uri: URI): boolean {
        const document = this.services.shared.workspace.LangiumDocuments.getDocument(uri);
        const factory = this.services.shared.workspace.LangiumDocumentFactory;
        return document !== undefined && factory instanceof JourneyDocumentFactory && factory.editsInPlace(document);
    }

    /**
     * Exported (top-level) declarations of `type` named `name`, in (uri, offset) order, in the
     * documents of `of`'s workspace root (`WorkspaceRoots`: the editor opens several workspaces).
     */
    topLevelNamed(type: string, name: string, of: AstNode): readonly AstNodeDescription[] {
        const root = this.services.references.WorkspaceRoots.rootOf(AstUtils.getDocument(of).uri);
        this.declarations ??= new Map();
        let byType = this.declarations.get(root);
        if (!byType) this.declarations.set(root, byType = this.declarationsOf(root));
        return byType.get(type)?.get(name) ?? [];
    }

    /** The top-level declarations of the workspace rooted at `root`, by type and name. */
    private declarationsOf(root: string): Map<string, Map<string, AstNodeDescription[]>> {
        const byType = new Map<string, Map<string, AstNodeDescription[]>>();
        const roots = this.services.references.WorkspaceRoots;
        // A document the parser had to recover exports only what it declares outside its journeys' bodies
        // (JourneyScopeComputation): a fact to check others against, in every way lint reads it.
        for (const description of declarationsOfRoot(this.services.shared.workspace.IndexManager, roots, root)) {
            let byName = byType.get(description.type);
            if (!byName) byType.set(description.type, byName = new Map());
            const same = byName.get(description.name);
            if (same) same.push(description);
            else byName.set(description.name, [description]);
        }
        for (const byName of byType.values()) {
            for (const same of byName.values()) same.sort(compareDescriptions);
        }
        return byType;
    }

    /** True when some reference anywhere in the workspace resolves to `node`. */
    isReferenced(node: AstNode): boolean {
        // A journey's own declarations are visible in that journey only: its document's references are all there is
        // (and a document lint validates as it streams is in no workspace list, src/cli/lint-workers.ts).
        if (!isModel(node.$container)) {
            const document = AstUtils.getDocument(node);
            if (this.local?.document !== document) this.local = { document, targets: referenceTargets([document]) };
            return this.local.targets.has(node);
        }
        this.referenced ??= referenceTargets(this.services.shared.workspace.LangiumDocuments.all);
        if (this.referenced.has(node)) return true;
        const join = workspaceJoinOf(this.services);
        return join !== undefined && join.referenced.has(nodeKey(this.services, node));
    }

    /**
     * Whether the uses of `node` are all known: not when a document that may use
     * it had to be recovered by the parser (its references were lost with its structure).
     */
    usesAreKnown(node: AstNode): boolean {
        if (hasParserErrors(AstUtils.getDocument(node))) return false;
        if (!isModel(node.$container)) return true;
        const join = workspaceJoinOf(this.services);
        if (join) return join.recovered.size === 0;
        // Only the documents of its workspace may use it (`WorkspaceRoots`).
        const roots = this.services.references.WorkspaceRoots;
        const root = roots.rootOf(AstUtils.getDocument(node).uri);
        this.recovered ??= new Map();
        let recovered = this.recovered.get(root);
        if (recovered === undefined) {
            recovered = this.services.shared.workspace.LangiumDocuments.all.some(document => hasParserErrors(document) && roots.rootOf(document.uri) === root);
            this.recovered.set(root, recovered);
        }
        return !recovered;
    }

    /** Whether a description denotes this very node. */
    isSame(description: AstNodeDescription, node: AstNode, document: LangiumDocument = AstUtils.getDocument(node)): boolean {
        return description.documentUri.toString() === document.uri.toString()
            && description.path === this.services.workspace.AstNodeLocator.getAstNodePath(node);
    }
}

/** What the references of the linked `documents` resolve to. */
export function referenceTargets(documents: Iterable<LangiumDocument>): Set<AstNode> {
    const targets = new Set<AstNode>();
    for (const document of documents) {
        if (document.state < DocumentState.Linked) continue;
        for (const reference of document.references) {
            const target = 'ref' in reference ? reference.ref : undefined;
            if (target) targets.add(target);
        }
    }
    return targets;
}

export function hasParserErrors(document: LangiumDocument | undefined): boolean {
    return (document?.parseResult.parserErrors.length ?? 0) > 0;
}

function compareDescriptions(a: AstNodeDescription, b: AstNodeDescription): number {
    const ua = a.documentUri.toString();
    const ub = b.documentUri.toString();
    if (ua !== ub) return ua < ub ? -1 : 1;
    const ra = a.nameSegment?.range.start ?? a.selectionSegment?.range.start;
    const rb = b.nameSegment?.range.start ?? b.selectionSegment?.range.start;
    return (ra?.line ?? 0) - (rb?.line ?? 0) || (ra?.character ?? 0) - (rb?.character ?? 0);
}
