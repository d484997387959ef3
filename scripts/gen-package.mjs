// one-off scaffolding helper (kept for adding packages later): node scripts/gen-package.mjs <dir> <name> "<description>"
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
const [dir, name, description] = process.argv.slice(2);
mkdirSync(join(dir, "src"), { recursive: true });
const pkg = {
  name,
  version: "0.1.0",
  description,
  keywords: ["huggingface", "onnx", "onnxruntime", "machine-learning", "hftool"],
  license: "MIT",
  author: "hftool contributors",
  homepage: `https://github.com/hftool/hftool/tree/main/${dir}#readme`,
  bugs: "https://github.com/hftool/hftool/issues",
  repository: { type: "git", url: "git+https://github.com/hftool/hftool.git", directory: dir },
  type: "module",
  sideEffects: false,
  main: "./dist/index.cjs",
  module: "./dist/index.js",
  types: "./dist/index.d.ts",
  exports: {
    ".": {
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    },
    "./package.json": "./package.json",
  },
  files: ["dist", "README.md", "CHANGELOG.md"],
  engines: { node: ">=20.19" },
  publishConfig: { access: "public" },
  scripts: {
    build: "tsup",
    test: "NODE_OPTIONS=--experimental-vm-modules jest",
    typecheck: "tsc --noEmit",
    lint: "eslint src",
  },
  dependencies: {},
};
if (!existsSync(join(dir, "package.json")))
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
writeFileSync(
  join(dir, "tsup.config.ts"),
  `import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
});
`,
);
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src"] }, null, 2) + "\n",
);
writeFileSync(join(dir, "jest.config.js"), `export { default } from "../../jest.config.base.js";\n`);
