import { NodeFileSystemProvider } from 'langium/node';
import type { URI } from 'langium';
import { withoutByteOrderMark } from '../language/byte-order-mark.js';
import { JourneyMapsLanguageMetaData } from '../language/generated/module.js';

/**
 * The maps of the workspace as the editor has them: without a leading byte order mark. A map
 * the server reads from disk (not open in the editor) is then the text the client will send once
 * it opens it (VS Code drops the mark), and the ranges said of it (its diagnostics, the related
 * information of another file's) start where the editor shows them. A document the client sends
 * is taken as sent, the mark too if it is there: the client's positions count it.
 * Other files (a journey.config.json) are read as they are: their readers drop the mark
 * themselves, as they do in the CLI (parseRuleConfig), and once only.
 */
export class MapFileSystemProvider extends NodeFileSystemProvider {
    override async readFile(uri: URI): Promise<string> {
        const text = await super.readFile(uri);
        return isMap(uri) ? withoutByteOrderMark(text) : text;
    }

    override readFileSync(uri: URI): string {
        const text = super.readFileSync(uri);
        return isMap(uri) ? withoutByteOrderMark(text) : text;
    }
}

/** A file of the language, by its extension (`.journey`). */
function isMap(uri: URI): boolean {
    return JourneyMapsLanguageMetaData.fileExtensions.some(extension => uri.path.endsWith(extension));
}

/** Langium's `NodeFileSystem` module, with the file system above. */
export const MapFileSystem = {
    fileSystemProvider: () => new MapFileSystemProvider()
};
