// The validator's and the linker's walks (src/language/ast-walk.ts; the linker's is the language
// server's and the CLI's) visit what Langium's streams
// visit, in the same order: the example maps, a broken one the parser had to recover, a generated
// big one. The linker lists a document's references in that order (`document.references`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstUtils, type AstNode, type ReferenceInfo } from 'langium';
import { describe, expect, test } from 'vitest';
import { pushChildrenReversed, visitReferencesAndPushChildren } from '../../src/language/ast-walk.js';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { CLEAN_EXAMPLES, EXAMPLES, INVALID_EXAMPLES } from '../examples.js';
import { buildWorkspace } from '../test-services.js';

const BROKEN = `journey J "J" {
  stage S "S" {
    touchpont Devis "Devis" { channel Site personas Ana next Nowhere }
    touchpoint T { channel Site channel Web personas Ana, Bob emotion Ana 1 emotion -1 owner Support next T, Devis
  }
  metric M "M" in S target >= 1
`;

const maps: [string, string][] = [
    ...[...CLEAN_EXAMPLES, ...INVALID_EXAMPLES].map((file): [string, string] => [file, readFileSync(join(EXAMPLES, file), 'utf8')]),
    ['broken.journey', BROKEN],
    ['generated.journey', generateMap(3, 300)]
];

function walked(root: AstNode): AstNode[] {
    const nodes: AstNode[] = [];
    const pending = [root];
    for (let node = pending.pop(); node; node = pending.pop()) {
        nodes.push(node);
        pushChildrenReversed(node, pending);
    }
    return nodes;
}

/** The same objects in the same order. */
const sameItems = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((item, i) => item === b[i]);

const described = (info: ReferenceInfo) => ({ reference: info.reference, container: info.container, property: info.property, index: info.index });

describe('walking the AST in Langium order', () => {
    test.each(maps)('%s: the same nodes and references as streamAst and streamReferences', async (name, text) => {
        const workspace = await buildWorkspace({ 'common.journey': SHARED_DECLARATIONS, [name]: text });
        const root = workspace.documents.get(name)!.parseResult.value;
        const nodes = walked(root);
        // By identity: a deep comparison would let two look-alike nodes or references swap.
        expect(sameItems(nodes, AstUtils.streamAst(root).toArray())).toBe(true);
        expect(nodes.length).toBeGreaterThan(1);
        for (const node of nodes) {
            const found: ReferenceInfo[] = [];
            const children: AstNode[] = [];
            visitReferencesAndPushChildren(node, info => found.push(info), children);
            const streamed = AstUtils.streamReferences(node).toArray();
            expect(found.map(described)).toEqual(streamed.map(described));
            expect(sameItems(found.map(info => info.reference), streamed.map(info => info.reference))).toBe(true);
            // The linker's one pass pushes the children the validator's walk pushes.
            const pushed: AstNode[] = [];
            pushChildrenReversed(node, pushed);
            expect(sameItems(children, pushed)).toBe(true);
        }
    });

    test.each(maps)('%s: the linker lists the references in that order', async (name, text) => {
        const workspace = await buildWorkspace({ 'common.journey': SHARED_DECLARATIONS, [name]: text });
        const document = workspace.documents.get(name)!;
        const inOrder = AstUtils.streamAst(document.parseResult.value).flatMap(node => AstUtils.streamReferences(node)).map(info => info.reference).toArray();
        expect(sameItems(document.references, inOrder)).toBe(true);
    });
});
