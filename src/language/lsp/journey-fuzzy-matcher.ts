import { DefaultFuzzyMatcher } from 'langium/lsp';

/**
 * Langium's matcher (completion's filter, workspace symbols) folds the case of ASCII letters only,
 * and its workspace symbols lower-case the query: `Élodie`, `Équipe` or `Étape` matched no query at
 * all, `élo` not `Élodie`. Names are Unicode (README), so every letter's case folds here.
 */
export class JourneyFuzzyMatcher extends DefaultFuzzyMatcher {
    /**
     * A word also starts after `-`, as in VS Code's filter: the client keeps `-1` of the emotion scale
     * when `1` is typed, and a new request must propose what the client keeps. No name or keyword has a `-`.
     */
    override isWordTransition(previous: number, current: number): boolean {
        return previous === HYPHEN || super.isWordTransition(previous, current);
    }

    override toUpperCharCode(charCode: number): number {
        if (charCode < 0x80) return super.toUpperCharCode(charCode);
        const upper = String.fromCharCode(charCode).toUpperCase();
        // A letter whose capital is two characters (ß → SS) keeps its own code.
        return upper.length === 1 ? upper.charCodeAt(0) : charCode;
    }
}

const HYPHEN = '-'.charCodeAt(0);
