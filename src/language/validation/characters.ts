import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { JourneyAstType, Model } from '../generated/ast.js';
import { RuleIds } from '../rules.js';
import { report } from './diagnostics.js';

/**
 * bidi-control: the invisible characters that reorder how text is displayed
 * ("Trojan Source", CVE-2021-42574). In a string or a comment they make a
 * map read differently from what it says, in the editor and in every output.
 * Names cannot hold them (the lexer refuses them there).
 */
const BIDI_CONTROLS: Record<number, string> = {
    0x202A: 'LEFT-TO-RIGHT EMBEDDING', 0x202B: 'RIGHT-TO-LEFT EMBEDDING', 0x202C: 'POP DIRECTIONAL FORMATTING',
    0x202D: 'LEFT-TO-RIGHT OVERRIDE', 0x202E: 'RIGHT-TO-LEFT OVERRIDE',
    0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE'
};
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/gu;

export function characterChecks(): ValidationChecks<JourneyAstType> {
    const checkBidiControls = (model: Model, accept: ValidationAcceptor): void => {
        const text = AstUtils.getDocument(model).textDocument;
        for (const match of text.getText().matchAll(BIDI_CONTROL)) {
            const code = match[0].codePointAt(0)!;
            const name = `U+${code.toString(16).toUpperCase()} ${BIDI_CONTROLS[code]}`;
            report(accept, RuleIds.bidiControl,
                { key: 'diag.bidiControl', params: { name } },
                { node: model, range: { start: text.positionAt(match.index), end: text.positionAt(match.index + 1) } });
        }
    };
    return { Model: checkBidiControls };
}
