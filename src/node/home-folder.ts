import { homedir } from 'node:os';

/**
 * The user's home folder, or undefined when there is none: os.homedir() throws
 * ("uv_os_homedir returned ENOENT") with HOME unset for a user id without a passwd entry,
 * as a container or CI sandbox may run under. Callers then do without (no cache folder).
 */
export function homeFolder(): string | undefined {
    try {
        return homedir();
    } catch {
        return undefined;
    }
}
