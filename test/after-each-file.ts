// A setup file (vitest.config.ts): vitest runs it again for each test file, also where test files
// share the worker's modules, so the hook it registers runs after every file: it resets the helpers'
// per-file state (test/per-file.ts). It imports nothing else, so no source is loaded before a file's vi.mock.
import { afterAll } from 'vitest';
import { resetPerFileState } from './per-file.js';

afterAll(resetPerFileState);
