import { createJourneyConnection } from './connection.js';
import { startJourneyServer } from './start.js';

// The transport comes from the command line: `--node-ipc` (VS Code client), `--stdio`, `--socket=N`.
startJourneyServer(createJourneyConnection());
