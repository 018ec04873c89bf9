import packageJson from '../../../package.json';

/** Who produced a report (SARIF `tool.driver`): read from package.json at build time. */
export const TOOL = {
    name: 'journey',
    version: packageJson.version,
    informationUri: `https://www.npmjs.com/package/${packageJson.name}`
} as const;
