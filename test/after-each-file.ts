// A setup file (vitest.config.ts): vitest runs it again for each test file, also where test files
// share the worker's modules, so the hooks it registers run after every file: they reset the
// helpers' per-file state.
import { afterAll } from 'vitest';
import { removeTempTrees } from './cli/run-cli.js';
import { resetFixtures } from './diagram/fixtures.js';

afterAll(removeTempTrees);
afterAll(resetFixtures);
