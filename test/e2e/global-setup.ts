// Once per `npm run test:e2e`: code-server installed (the first time) and the extension
// packaged; every test file then installs that one .vsix into its own fresh profile.
import { packageExtension } from './workbench.js';

export default function setup(): void {
    packageExtension();
}
