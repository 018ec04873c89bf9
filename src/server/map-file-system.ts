import { NodeFileSystemProvider } from 'langium/node';
import type { URI } from 'langium';
import { withoutByteOrderMark } from '../language/byte-order-mark.js';

/**
 * The files of the workspace as the editor has them: without a leading byte order mark. A map
 * the server reads from disk (not open in the editor) is then the text the client will send once
 * it opens it (VS Code drops the mark), and the ranges said of it (its diagnostics, the related
 * information of another file's) start where the editor shows them. A document the client sends
 * is taken as sent, the mark too if it is there: the client's positions count it.
 */
export class MapFileSystemProvider extends NodeFileSystemProvider {
    override async readFile(uri: URI): Promise<string> {
        return withoutByteOrderMark(await super.readFile(uri));
    }

    override readFileSync(uri: URI): string {
        return withoutByteOrderMark(super.readFileSync(uri));
    }
}

/** Langium's `NodeFileSystem` module, with the file system above. */
export const MapFileSystem = {
    fileSystemProvider: () => new MapFileSystemProvider()
};
