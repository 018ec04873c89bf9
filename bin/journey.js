#!/usr/bin/env node
// The `journey` CLI: runs the bundle that `npm run build` (and `npm pack`) makes, see esbuild.mjs.
import { runCli } from '../out/cli.mjs';

runCli();
