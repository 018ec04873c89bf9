import type { URI } from 'langium';

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
    /** Called when the roots may have changed (a journey.config.json created or deleted); the default has nothing to forget. */
    onChange?(listener: () => void): void;
}

/** Every document in one workspace: the CLI's (it splits its files before building them). */
export class SingleWorkspaceRoot implements WorkspaceRoots {
    rootOf(): string {
        return '';
    }
}
