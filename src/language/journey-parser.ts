import {
    createParser, CstNodeBuilder, LangiumParser, RootCstNodeImpl,
    type AstNode, type LangiumCoreServices, type ParseResult, type ParserOptions
} from 'langium';
import type { ILexingError, IToken } from 'chevrotain';

/**
 * Langium's CST builder adds the comments and blank space found between two
 * tokens with one `push(...nodes)` / `splice(i, 0, ...nodes)` call: past
 * ~120,000 of them in a row (62,500 `//` lines) the spread overflows the
 * stack. Handing them over in slices keeps the same order (each slice lands
 * after the previous one in all three of Langium's placements) within bounds.
 */
class SlicedHiddenNodesBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        for (let start = 0; start < tokens.length; start += HIDDEN_SLICE) {
            super.addHiddenNodes(tokens.slice(start, start + HIDDEN_SLICE));
        }
    }
}

const HIDDEN_SLICE = 10_000;

/**
 * Langium's parser, with the sliced CST builder, and one last line of defence:
 * a document the parser still cannot build (the stack runs out) becomes an
 * empty map with one `syntax` error at its start, so the language server and
 * the CLI go on with every other document instead of failing the whole build.
 */
export class JourneyParser extends LangiumParser {
    constructor(services: LangiumCoreServices) {
        super(services);
        // Private in Langium's typings; set once, before any parse.
        (this as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new SlicedHiddenNodesBuilder();
    }

    override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        try {
            return super.parse<T>(input, options);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            // The failed parse left its node stack behind; the next parse must start clean.
            (this as unknown as { stack: unknown[] }).stack = [];
            return unreadableDocument<T>(input, error);
        }
    }
}

export function createJourneyParser(services: LangiumCoreServices): JourneyParser {
    const parser = createParser(services.Grammar, new JourneyParser(services), services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

/** An empty model for a text the parser could not build, with one lexer error saying why. */
function unreadableDocument<T extends AstNode>(input: string, error: RangeError): ParseResult<T> {
    const root = new RootCstNodeImpl(input);
    const value = { $type: 'Model', personas: [], channels: [], teams: [], journeys: [], $cstNode: root } as unknown as T;
    root.astNode = value;
    const lexerError: ILexingError = {
        offset: 0, line: 1, column: 1, length: 0,
        message: `This file cannot be read: ${describeSize(input)} is beyond what the parser can build (${error.message}). Split it into smaller files.`
    };
    return { value, lexerErrors: [lexerError], parserErrors: [] };
}

function describeSize(input: string): string {
    let lines = 1;
    let longest = 0;
    let start = 0;
    for (let index = input.indexOf('\n'); index >= 0; index = input.indexOf('\n', index + 1)) {
        lines++;
        longest = Math.max(longest, index - start);
        start = index + 1;
    }
    longest = Math.max(longest, input.length - start);
    return `its ${input.length} characters (${lines} lines, the longest of ${longest} characters)`;
}
