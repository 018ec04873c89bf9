import { pathToFileURL } from 'node:url';
import { RULES, type RuleSeverity } from '../../language/rules.js';
import { TOOL } from './tool.js';
import { displayPath, STDIN_PATH } from '../workspace.js';
import type { Formatter, LintSeverity } from './types.js';

/** The base every location is relative to; `originalUriBaseIds` says where it is on this machine. */
const SOURCE_ROOT = '%SRCROOT%';
const LEVELS: Record<LintSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const DEFAULT_LEVELS: Record<RuleSeverity, 'error' | 'warning' | 'note' | 'none'> = { error: 'error', warning: 'warning', info: 'note', off: 'none' };
const RULE_INDEX = new Map(RULES.map((rule, index) => [rule.id as string, index]));

/**
 * SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif): the driver
 * lists every rule with its help, results point at repository-relative files.
 */
export const formatSarif: Formatter = (results, context) => {
    const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: TOOL.name,
                    version: TOOL.version,
                    semanticVersion: TOOL.version,
                    informationUri: TOOL.informationUri,
                    rules: RULES.map(rule => ({
                        id: rule.id,
                        shortDescription: { text: rule.description },
                        fullDescription: { text: `${rule.description} ${rule.help}` },
                        help: { text: rule.help },
                        defaultConfiguration: { enabled: rule.defaultSeverity !== 'off', level: DEFAULT_LEVELS[rule.defaultSeverity] }
                    }))
                }
            },
            originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(context.root.endsWith('/') ? context.root : context.root + '/').href } },
            columnKind: 'utf16CodeUnits',
            results: results.flatMap(result => result.messages.map(m => ({
                ruleId: m.ruleId,
                ...(RULE_INDEX.has(m.ruleId) ? { ruleIndex: RULE_INDEX.get(m.ruleId) } : {}),
                level: LEVELS[m.severity],
                message: { text: m.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: artifactLocation(result.filePath, context.root),
                        region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn }
                    }
                }]
            })))
        }]
    };
    return JSON.stringify(log, undefined, 2) + '\n';
};

/** A relative URI reference (each segment percent-encoded) against the source root. */
function artifactLocation(filePath: string, root: string): { uri: string, uriBaseId?: string } {
    if (filePath === STDIN_PATH) return { uri: encodeURIComponent(filePath) };
    const path = displayPath(filePath, root);
    if (path.startsWith('/')) return { uri: pathToFileURL(filePath).href };
    return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}
