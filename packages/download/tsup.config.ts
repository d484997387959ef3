import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  // The Hub server is imported on demand (createHubServer), so it lands in its own chunk and the
  // download path never loads it.
  splitting: true,
});
