import type { IConfiguration } from 'dependency-cruiser';

/** The layering rules; see .dependency-cruiser.js. */
declare const config: IConfiguration;
export default config;
