import { defineConfig } from "tsup";

export default defineConfig({
  // bin.ts is the tiny entry; every command module is its own chunk, loaded only when it runs.
  entry: ["src/bin.ts", "src/index.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  splitting: true,
});
