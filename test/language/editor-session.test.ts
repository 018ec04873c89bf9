import { DocumentState } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, summary } from '../test-services.js';

/** What the language server sees over time: diagnostics follow edits elsewhere and setting changes. */
describe('diagnostics stay current in a long-lived workspace', () => {
    const COMMON = 'persona Ana "Ana"\nchannel Web "Web" digital\n';
    const USER = 'journey A "A" {\n  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana emotion 0 } }\n}\n';

    test('deleting the only file that names a global persona makes it unused in its own file', async () => {
        const linted = await buildWorkspace({ 'common.journey': COMMON, 'a.journey': USER });
        expect(summary(linted.diagnostics('common.journey'))).toEqual([]);
        const { DocumentBuilder } = linted.services.shared.workspace;
        await DocumentBuilder.update([], [linted.documents.get('a.journey')!.uri]);
        const common = linted.documents.get('common.journey')!;
        expect(common.state).toBe(DocumentState.Validated);
        expect(summary(common.diagnostics ?? [])).toEqual(['1:warning:persona-unused']);
    });

    test('changing the journey.rules setting re-lints open documents', async () => {
        const linted = await buildWorkspace({ 'common.journey': COMMON, 'a.journey': USER });
        expect(summary(linted.diagnostics('a.journey'))).toEqual(['2:info:touchpoint-no-owner']);
        const { ConfigurationProvider, WorkspaceLock } = linted.services.shared.workspace;
        ConfigurationProvider.updateConfiguration({ settings: { journey: { rules: { 'touchpoint-no-owner': 'error' } } } });
        await WorkspaceLock.read(() => undefined);
        expect(summary(linted.diagnostics('a.journey'))).toEqual(['2:error:touchpoint-no-owner']);
    });
});

describe('duplicate-name follows edits in other files', () => {
    test('removing the first declaration clears the duplicate error of the second', async () => {
        const linted = await buildWorkspace({ 'a.journey': 'channel Web "Web" digital\n', 'b.journey': 'channel Web "Web" digital\n' });
        expect(summary(linted.diagnostics('b.journey'))).toEqual(['1:error:duplicate-name']);
        await linted.services.shared.workspace.DocumentBuilder.update([], [linted.documents.get('a.journey')!.uri]);
        expect(summary(linted.diagnostics('b.journey'))).toEqual([]);
    });
});

describe('references follow edits in other files', () => {
    test('a name of a deleted file no longer resolves in a journey whose scopes were kept (its local declarations too)', async () => {
        const user = 'journey A "A" {\n  persona Here "H"\n  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Here, Ana emotion 0 } }\n}\n';
        const linted = await buildWorkspace({ 'common.journey': 'persona Ana "Ana"\n', 'web.journey': 'channel Web "Web" digital\n', 'a.journey': user });
        expect(summary(linted.diagnostics('a.journey'))).toEqual(['3:info:touchpoint-no-owner']);
        const a = linted.documents.get('a.journey')!;
        const scopes = a.localSymbols;
        await linted.services.shared.workspace.DocumentBuilder.update([], [linted.documents.get('common.journey')!.uri]);
        // Relinked, not re-scoped: the scopes it keeps must not keep the deleted file's names.
        expect(a.localSymbols).toBe(scopes);
        expect(summary(a.diagnostics ?? [])).toEqual(['3:info:touchpoint-no-owner', '3:error:unresolved-reference']);
        const touchpoint = a.parseResult.value.journeys[0].stages[0].touchpoints[0];
        expect(touchpoint.personas.map(persona => persona.ref?.name)).toEqual(['Here', undefined]);
        expect(touchpoint.channels[0].ref?.name).toBe('Web');
    });
});

