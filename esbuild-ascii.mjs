// Makes a CommonJS bundle ASCII for src/cli/code-cache.ts, which reads it without decoding,
// as a one-byte string (esbuild.mjs runs it on the bundles code-cache.ts loads).
import ts from 'typescript';

/**
 * `text` with every non-ASCII character written as `\uXXXX`, or an error when that would
 * change what the code does. esbuild escapes non-ASCII characters in strings and templates but
 * not in regular expression literals (the diagram's line breaking has `«`, `•`…). There,
 * `\uXXXX` means the character itself (with or without the `u` flag, in a class too), as in
 * strings, comments and identifiers. A backslash before the character (`/\é/`, an identity
 * escape) becomes part of the escape: kept, it would escape the escape's own backslash
 * (`/\\u00e9/`, a backslash then "u00e9"). Without the `u` flag each UTF-16 unit is on its own,
 * so a surrogate pair becomes two escapes, as V8 reads it back. Refused: a tagged template
 * (String.raw or any other tag) holding a non-ASCII character, whose `.raw` text the escape
 * would change; write it as `\u{…}` in the source.
 */
export function escapeNonAscii(text, file = 'bundle') {
    if (!/[^\x00-\x7f]/.test(text)) return text;
    refuseNonAsciiTaggedTemplates(text, file);
    // An odd run of backslashes before the character: its last one escapes the character.
    return text.replace(/(\\*)([^\x00-\x7f])/g, (_match, backslashes, unit) =>
        `${backslashes.slice(0, backslashes.length - (backslashes.length % 2))}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Throws when a tagged template of `text` holds a non-ASCII character (found by TypeScript's parser, not a pattern: templates nest). */
function refuseNonAsciiTaggedTemplates(text, file) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const visit = node => {
        if (ts.isTaggedTemplateExpression(node) && /[^\x00-\x7f]/.test(text.slice(node.template.getStart(source), node.template.end))) {
            const { line, character } = source.getLineAndCharacterOfPosition(node.template.getStart(source));
            const tag = text.slice(node.tag.getStart(source), node.tag.end);
            throw new Error(`${file}:${line + 1}:${character + 1}: a template tagged ${tag} holds a non-ASCII character, which cannot be escaped without changing its .raw text: write it as \\u{…} in the source`);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
}
