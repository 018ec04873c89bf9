import type { AstNodeDescription, IndexManager, Stream, URI } from 'langium';

/**
 * Which workspace a document belongs to: documents see each other's top-level names
 * (personas, channels, teams, journeys) only when they have the same root. The rule is
 * the README's ("Every map has one workspace root"); it needs the file system, so the
 * language server binds it on the Node side (src/server/workspace-roots.ts, with
 * src/node/workspace-root.ts, the CLI's rule). The CLI builds one workspace per service
 * set (src/cli/workspace-groups.ts) and keeps the default: every document of one root.
 */
export interface WorkspaceRoots {
    /** The root of the document's workspace, as a key: equal for two documents of one workspace. */
    rootOf(uri: URI): string;
}

/** The index's top-level declarations (of `type`, else of every type) in the workspace rooted at `root`: the only ones its documents see. */
export function declarationsOfRoot(index: IndexManager, roots: WorkspaceRoots, root: string, type?: string): Stream<AstNodeDescription> {
    return index.allElements(type).filter(description => roots.rootOf(description.documentUri) === root);
}

/** Every document in one workspace: the CLI's (it splits its files before building them). */
export class SingleWorkspaceRoot implements WorkspaceRoots {
    rootOf(): string {
        return '';
    }
}
