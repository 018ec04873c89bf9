// Preloaded by a test (NODE_OPTIONS=--import) to list the modules a CLI run loads: each URL
// Node loads is appended to the file JOURNEY_LOADS_FILE names, from the module hooks' thread.
import { register } from 'node:module';

register(new URL('./record-loads-hooks.mjs', import.meta.url), { data: { file: process.env.JOURNEY_LOADS_FILE } });
