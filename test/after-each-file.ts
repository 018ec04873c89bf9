// A setup file (vitest.config.ts): vitest runs it again for each test file, also where test files
// share the worker's modules, so the hook it registers runs after every file.
import { afterAll } from 'vitest';
import { removeTempTrees } from './cli/run-cli.js';

afterAll(removeTempTrees);
