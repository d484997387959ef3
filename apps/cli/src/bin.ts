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
