import { DefaultServiceRegistry, type LangiumCoreServices, type URI } from 'langium';

/**
 * Langium picks a document's language by its file extension and throws for any other one.
 * Journey is the only language here, so a file the user names explicitly (`map.journey.bak`,
 * `/dev/stdin`) is read as a map, and its problems are reported as a map's, not as a crash.
 * Folder walks still take `.journey` files only (`hasServices`).
 */
export class JourneyServiceRegistry extends DefaultServiceRegistry {
    override getServices(uri: URI): LangiumCoreServices {
        const [only, ...others] = this.all;
        if (only && others.length === 0) return only;
        return super.getServices(uri);
    }

    /** By extension only: the workspace walk includes `.journey` files, not every file it meets. */
    override hasServices(uri: URI): boolean {
        try {
            super.getServices(uri);
            return true;
        } catch {
            return false;
        }
    }
}
