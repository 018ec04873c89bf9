// The CLI's commands draw through the diagram model builder bound in the services they create
// (src/services/diagram-module.ts via src/cli/workspace.ts): one binding given in-process
// (`CliIO.services`) changes what `journey render` writes and what `journey preview` serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import { CliError, type CliIO, type CliServiceModule } from '../../src/cli/command.js';
import { renderCommand } from '../../src/cli/render.js';
import { loadWorkspace } from '../../src/cli/workspace.js';
import type { DiagramOptions } from '../../src/diagram/types.js';
import { DiagramModelBuilder } from '../../src/services/diagram-module.js';
import { cleanMap, tempTree } from './run-cli.js';

function io(cwd: string, services?: CliServiceModule): CliIO {
    return { cwd, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: { JOURNEY_CACHE_DIR: 'off' }, services };
}

/** The real builder, every journey retitled: what it draws must reach the SVG. */
class Retitled extends DiagramModelBuilder {
    override result(document: LangiumDocument, params: { options?: DiagramOptions }) {
        const result = super.result(document, params);
        return { ...result, diagrams: result.diagrams.map(d => ({ ...d, title: 'Retitled by the override' })) };
    }
}

describe('the CLI takes the diagram model builder from its services', () => {
    test('journey render draws what an overriding builder builds, and the bound one otherwise', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        expect(await renderCommand.run(['map.journey', '-o', 'plain.svg'], io(dir))).toBe(0);
        const plain = readFileSync(join(dir, 'plain.svg'), 'utf8');
        expect(plain).toContain('Essai');
        expect(plain).not.toContain('Retitled by the override');

        const override: CliServiceModule = { diagram: { ModelBuilder: () => new Retitled() } };
        expect(await renderCommand.run(['map.journey', '-o', 'retitled.svg'], io(dir, override))).toBe(0);
        expect(readFileSync(join(dir, 'retitled.svg'), 'utf8')).toContain('Retitled by the override');
    });

    test('journey render reports a builder failure at the file, line and column instead of skipping the file', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        class Failing extends DiagramModelBuilder {
            override result() { return { diagrams: [], errors: [{ message: 'drawing failed', line: 3, column: 5 }] }; }
        }
        const failure = await renderCommand.run(['map.journey'], io(dir, { diagram: { ModelBuilder: () => new Failing() } })).catch(error => error);
        expect(failure).toBeInstanceOf(CliError);
        expect(failure.message).toBe('map.journey:3:5: drawing failed');
    });

    test('the workspace journey preview loads carries the override as its diagram.ModelBuilder', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        const workspace = await loadWorkspace(['map.journey'], io(dir, { diagram: { ModelBuilder: () => new Retitled() } }));
        const { diagrams } = workspace.services.Journey.diagram.ModelBuilder.result(workspace.documents[0].document, {});
        expect(diagrams.map(d => d.title)).toEqual(['Retitled by the override']);
        const bound = await loadWorkspace(['map.journey'], io(dir));
        expect(bound.services.Journey.diagram.ModelBuilder).toBeInstanceOf(DiagramModelBuilder);
        expect(bound.services.Journey.diagram.ModelBuilder).not.toBeInstanceOf(Retitled);
    });
});
