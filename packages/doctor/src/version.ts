import { createRequire } from "node:module";

const manifest = createRequire(import.meta.url)("../package.json") as {
  version: string;
  engines: { node: string };
};

/** This package's version (src/ and dist/ both sit one folder below package.json). */
export const DOCTOR_VERSION: string = manifest.version;

/** The Node versions hftool supports, as package.json `engines.node` says (`>=20.19`). */
export const NODE_ENGINES: string = manifest.engines.node;
