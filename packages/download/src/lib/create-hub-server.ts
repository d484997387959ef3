import type { CreateHubServerParams, HubServer } from "../server/hub-server-types.js";

/**
 * Starts a server that speaks the Hugging Face Hub's HTTP protocol for a cache folder (what
 * `hftool serve` shares with a lab) and/or plain folders (test fixtures): model info, tree
 * listings, paths-info, whoami, and `HEAD`/`GET /{repo}/resolve/{rev}/{path}` with ETags,
 * `X-Repo-Commit`, `X-Linked-*`, ranges and `X-Error-Code` errors. Point `HF_ENDPOINT` (Python,
 * hftool) or `hubUrl` (`@huggingface/hub`) at `server.url`.
 *
 * Read-only, binds 127.0.0.1 unless told otherwise, refuses path traversal, optional token auth
 * and gated repos, and fault injection (dropped connections, 5xx, 429, stalls, corrupt or short
 * bodies, redirect loops, hostile listings) for testing clients. The server code is loaded only
 * when this is called, never by the download path.
 */
export async function createHubServer(params: CreateHubServerParams = {}): Promise<HubServer> {
  const { startHubServer } = await import("../server/start-hub-server.js");
  return startHubServer(params);
}
