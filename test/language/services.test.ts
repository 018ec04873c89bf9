// Services live in the container: a test (or the CLI) replaces one in one place, the module
// argument of createJourneyServices, and every user of it gets the replacement.
import { EmptyFileSystem, URI } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { createJourneyServices, type JourneyServices } from '../../src/language/journey-module.js';
import { WorkspaceFacts } from '../../src/language/validation/index.js';
import { DiagramModelBuilder, JourneyDiagramModule, type JourneyDiagramServices } from '../../src/services/diagram-module.js';
import { DiagramRequestHandler } from '../../src/server/diagram-handler.js';
import { JourneyServerModule, type JourneyServerServices } from '../../src/server/server-module.js';
import { buildWorkspace, codes } from '../test-services.js';

const MAP = `persona Ana
journey J { stage S { goal "g" touchpoint T { channel C personas Ana owner O emotion 1 evidence "e" } } channel C team O }`;

describe('services in the container', () => {
    test('WorkspaceFacts and ReferenceDiagnostics are bound once, and shared by every check', () => {
        const { Journey } = createJourneyServices(EmptyFileSystem);
        expect(Journey.validation.WorkspaceFacts).toBeInstanceOf(WorkspaceFacts);
        expect(Journey.validation.WorkspaceFacts).toBe(Journey.validation.WorkspaceFacts);
        expect(Journey.validation.ReferenceDiagnostics).toBeDefined();
    });

    test('overriding WorkspaceFacts changes what the checks see', async () => {
        expect(codes((await buildWorkspace(MAP)).diagnostics())).not.toContain('persona-unused');
        class NothingReferenced extends WorkspaceFacts { override isReferenced(): boolean { return false; } }
        const services = createJourneyServices(EmptyFileSystem, {}, { validation: { WorkspaceFacts: (s: JourneyServices) => new NothingReferenced(s) } });
        expect(codes((await buildWorkspace(MAP, { services })).diagnostics())).toContain('persona-unused');
    });

    test('the diagram module binds the model builder the journey/diagram handler uses; replacing it is one binding', async () => {
        class Stub extends DiagramModelBuilder { override result() { return { diagrams: [], errors: [{ message: 'stub', line: 1, column: 1 }] }; } }
        type Server = JourneyDiagramServices & JourneyServerServices;
        const services = createJourneyServices<Server>(EmptyFileSystem, {}, JourneyDiagramModule, JourneyServerModule,
            { diagram: { ModelBuilder: () => new Stub() } });
        expect(services.Journey.diagram.RequestHandler).toBeInstanceOf(DiagramRequestHandler);
        await buildWorkspace(MAP, { services });
        const uri = URI.file('/ws/main.journey').toString();
        expect(await services.Journey.diagram.RequestHandler.diagram({ uri }, CancellationToken.None)).toEqual({ diagrams: [], errors: [{ message: 'stub', line: 1, column: 1 }] });
        const real = createJourneyServices<Server>(EmptyFileSystem, {}, JourneyDiagramModule, JourneyServerModule);
        await buildWorkspace(MAP, { services: real });
        expect((await real.Journey.diagram.RequestHandler.diagram({ uri }, CancellationToken.None)).diagrams.map(d => d.id)).toEqual(['J']);
    });
});
