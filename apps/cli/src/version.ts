import { createRequire } from "node:module";

/** This package's version (yargs 18 under ESM cannot find it by itself). Works from src/ and dist/. */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string })
  .version;
