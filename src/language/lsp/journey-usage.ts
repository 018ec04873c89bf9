import { AstUtils, type AstNode, type AstNodeLocator, type LangiumDocuments, type References } from 'langium';
import { isStage, isTouchpoint, type Stage, type Touchpoint } from '../generated/ast.js';

/** The services the usage queries need (a subset of `JourneyServices`). */
export interface UsageServices {
    references: { References: References };
    workspace: { AstNodeLocator: AstNodeLocator };
    shared: { workspace: { LangiumDocuments: LangiumDocuments } };
}

/**
 * The touchpoints that name `target` (a persona, channel or team) anywhere in
 * the workspace, each once, in workspace order. Hover, inlay hints and the
 * unused-persona fix read usage through this one query.
 */
export function touchpointsUsing(services: UsageServices, target: AstNode): Touchpoint[] {
    const documents = services.shared.workspace.LangiumDocuments;
    const locator = services.workspace.AstNodeLocator;
    // A persona of a 2,000-touchpoint map has hundreds of references, nearly all from one or two documents:
    // each document is looked up once (Langium's lookup parses and normalises the URI every time).
    const roots = new Map<string, AstNode | undefined>();
    const found = new Set<Touchpoint>();
    for (const reference of services.references.References.findReferences(target, { includeDeclaration: false })) {
        const uri = reference.sourceUri.toString();
        let source = roots.get(uri);
        if (!roots.has(uri)) roots.set(uri, source = documents.getDocument(reference.sourceUri)?.parseResult.value);
        if (!source) continue;
        const node = locator.getAstNode(source, reference.sourcePath);
        const touchpoint = node && (isTouchpoint(node) ? node : AstUtils.getContainerOfType(node, isTouchpoint));
        if (touchpoint) found.add(touchpoint);
    }
    return [...found];
}

/** The distinct stages that contain the given touchpoints. */
export function stagesOf(touchpoints: readonly Touchpoint[]): Stage[] {
    return [...new Set(touchpoints.map(t => t.$container).filter(isStage))];
}

/** `Label (Name)` when the node has a label, else its name. */
export function displayName(node: { name?: string; label?: string }): string {
    return node.label ? `${node.label} (${node.name ?? ''})` : node.name ?? '';
}
