/**
 * Shared jest setup for every workspace package: ESM test files transpiled by @swc/jest.
 * Packages run jest with NODE_OPTIONS=--experimental-vm-modules (in their own `test` script),
 * because yargs 18 and ora 9 are ESM-only.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: new URL("./jest.environment.js", import.meta.url).pathname,
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "es6" },
        sourceMaps: "inline",
      },
    ],
  },
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  testTimeout: 30_000,
};
