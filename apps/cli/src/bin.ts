#!/usr/bin/env node
// The smallest possible entry: `__complete` (called on every Tab press) must not load yargs or the
// command tree, so each path imports only what it needs.
const args = process.argv.slice(2);
// `hftool tasks | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// onnxruntime-node 1.29+ sends usage telemetry to Microsoft and writes a device id under
// ~/.cache/Microsoft unless this is set before it loads; hftool runs models locally and keeps it
// that way (set ORT_DISABLE_TELEMETRY=0 to allow it). Child processes (doctor's probes) inherit it.
process.env.ORT_DISABLE_TELEMETRY ??= "1";
if (args[0] === "__complete") {
  const { complete } = await import("./complete.js");
  process.exitCode = await complete(args.slice(1));
} else if (args.length === 1 && args[0] === "--version") {
  const { VERSION } = await import("./version.js");
  process.stdout.write(`${VERSION}\n`);
} else if (!(await import("./help.js")).printHelpIfRequested(args)) {
  const { main } = await import("./cli.js");
  process.exitCode = await main(args);
  // Let pending output flush, but never hang on a stray keep-alive socket or timer.
  setTimeout(() => process.exit(process.exitCode), 3000).unref();
}
