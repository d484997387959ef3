import { UsageError } from "@hftool/core";
import { existsSync, statSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { resolve } from "node:path";
import { hubSettings } from "../hub/hub-settings.js";
import type { CommandHandler } from "../spec/types.js";

function parseRepos(value: unknown, cwd: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (Array.isArray(value) ? value : value ? [value] : []).map(String)) {
    const eq = item.indexOf("=");
    if (eq <= 0)
      throw new UsageError(`--repo needs ID=DIR, not '${item}'.`, {
        hint: "Example: --repo my-org/my-model=./models/my-model",
      });
    const dir = resolve(cwd, item.slice(eq + 1));
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UsageError(`--repo ${item}: '${dir}' is not a folder.`);
    out[item.slice(0, eq)] = dir;
  }
  return out;
}

/** `hftool serve`: share the cache over the Hub protocol until Ctrl-C. */
const serve: CommandHandler = async (args, context) => {
  const { out } = context;
  const settings = hubSettings(context);
  const cacheDir =
    typeof args["cache-dir"] === "string" ? resolve(context.cwd, args["cache-dir"]) : settings.cacheDir;
  const host = typeof args.host === "string" ? args.host : "127.0.0.1";
  const port = typeof args.port === "number" ? args.port : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, not ${String(args.port)}.`);
  const token = typeof args.token === "string" && args.token ? args.token : undefined;
  const repos = parseRepos(args.repo, context.cwd);
  const { createHubServer, scanCache } = await import("@hftool/download");
  let server;
  try {
    server = await createHubServer({
      cacheDir,
      repos,
      host,
      port,
      ...(token ? { token } : {}),
      logRequests: false,
      onRequest: (r) => {
        if (out.verbose && !out.json)
          out.stderr.write(
            `${out.ce.dim(`${r.method} ${r.url} → ${r.status}${r.bytes ? ` (${r.bytes} bytes)` : ""}`)}\n`,
          );
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new UsageError(`Port ${port} is already in use on ${host}.`, {
        hint: "Pick another with --port (0 picks a free one).",
      });
    if (code === "EADDRNOTAVAIL")
      throw new UsageError(`This machine has no address ${host}.`, {
        hint: "Use 127.0.0.1, 0.0.0.0 or one of its addresses.",
      });
    throw error;
  }
  const scan = await scanCache({ cacheDir, env: context.env });
  const urls =
    host === "0.0.0.0" || host === "::"
      ? Object.values(networkInterfaces())
          .flat()
          .filter((i) => i && i.family === "IPv4" && !i.internal)
          .map((i) => `http://${i!.address}:${server.port}`)
      : [];
  if (out.json) {
    out.stdout.write(
      `${JSON.stringify({ url: server.url, urls, cacheDir, repos: scan.repos.map((r) => r.repo).concat(Object.keys(repos)), token: Boolean(token) })}\n`,
    );
  } else {
    out.result(server.url);
    const { ce } = out;
    out.info(
      `Serving ${scan.repos.length + Object.keys(repos).length} repos from ${cacheDir}${token ? " (token required)" : ""}. Press Ctrl-C to stop.`,
    );
    for (const url of urls) out.info(`  also at ${url}`);
    out.info(
      ce.dim(
        `On another machine: HF_ENDPOINT=${urls[0] ?? server.url} hftool download -m MODEL  (Python and transformers.js use HF_ENDPOINT too)`,
      ),
    );
    if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1" && !token) {
      out.warn("Anyone who can reach this machine can download these models. Add --token to require one.");
    }
  }
  await new Promise<void>((done) => {
    if (context.signal.aborted) return done();
    context.signal.addEventListener("abort", () => done(), { once: true });
  });
  await server.close();
  out.info("Stopped.");
};

export default serve;
