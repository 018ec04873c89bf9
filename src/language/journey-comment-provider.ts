import { CstUtils, DefaultCommentProvider, isAstNodeWithComment, type AstNode } from 'langium';

/**
 * Langium's comment provider (the `/* … *\/` comment just before a node), with the grammar's
 * comment rules read once instead of through the services at every call: completion asks for
 * the documentation of each of up to 2,000 proposed declarations.
 */
export class JourneyCommentProvider extends DefaultCommentProvider {
    private rules?: string[];

    override getComment(node: AstNode): string | undefined {
        if (isAstNodeWithComment(node)) return node.$comment;
        this.rules ??= this.grammarConfig().multilineCommentRules;
        return CstUtils.findCommentNode(node.$cstNode, this.rules)?.text;
    }
}
