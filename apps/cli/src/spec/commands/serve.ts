import type { CommandSpec } from "../types.js";

export const serveCommand: CommandSpec = {
  name: "serve",
  description: "Share this machine's model cache over the Hub protocol (HF_ENDPOINT=http://host:port)",
  options: [
    {
      name: "host",
      type: "string",
      default: "127.0.0.1",
      description: "Address to listen on (0.0.0.0: every interface)",
    },
    { name: "port", type: "number", default: 8080, description: "Port (0: any free port)" },
    {
      name: "cache-dir",
      type: "string",
      description: "Cache folder to serve (default: the model cache)",
      complete: "directory",
    },
    {
      name: "token",
      type: "string",
      description: "Require this token (Authorization: Bearer …) from clients",
    },
    {
      name: "repo",
      type: "array",
      description: "Also serve a plain folder as a repo: ID=DIR (repeatable)",
    },
  ],
  examples: [
    ["hftool serve", "Serve the cache on http://127.0.0.1:8080"],
    ["hftool serve --host 0.0.0.0 --token s3cret", "Share it with the lab, with a token"],
    ["HF_ENDPOINT=http://server:8080 hftool download -m whisper-base", "Download from it on another machine"],
  ],
  load: () => import("../../commands/serve.js"),
};
