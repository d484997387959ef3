import { createHash, createHmac, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { once } from "node:events";
import { formatRepoId, parseRepoId, type RepoId, type RepoType } from "../lib/parse-repo-id.js";
import { isSafeRepoPath } from "../internal/safe-path.js";
import type {
  CreateHubServerParams,
  HubServer,
  HubServerFault,
  HubServerRequest,
  HubTreeEntry,
} from "./hub-server-types.js";
import {
  cacheSource,
  folderSource,
  type RepoSource,
  type ServedFile,
  type ServedRevision,
} from "./repo-sources.js";

const TYPE_BY_PLURAL: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };
const EXPOSED_HEADERS =
  "X-Repo-Commit, X-Request-Id, X-Error-Code, X-Error-Message, X-Total-Count, ETag, Link, Accept-Ranges, Content-Range, X-Linked-Size, X-Linked-ETag";

interface RequestState {
  log: HubServerRequest;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Serves repos over the Hugging Face Hub's HTTP protocol: what Python `huggingface_hub`,
 * `@huggingface/hub`, transformers.js and hftool need to list and download files. Read-only.
 */
export async function startHubServer(params: CreateHubServerParams): Promise<HubServer> {
  const host = params.host ?? "127.0.0.1";
  const folders = new Map<string, RepoSource>();
  for (const [repo, folder] of Object.entries(params.repos ?? {})) {
    const source = folderSource(repo, folder);
    folders.set(formatRepoId(source.id), source);
  }
  const gated = new Set((params.gated ?? []).map((r) => formatRepoId(parseRepoId(r))));
  const renamed = new Map(
    Object.entries(params.renamed ?? {}).map(([from, to]) => [
      formatRepoId(parseRepoId(from)),
      formatRepoId(parseRepoId(to)),
    ]),
  );
  let faults: (HubServerFault & { left: number })[] = [];
  const setFaults = (list: HubServerFault[]) => {
    faults = list.map((f) => ({ ...f, left: f.times ?? Infinity }));
  };
  setFaults(params.faults ?? []);
  const requests: HubServerRequest[] = [];
  const bytesByKey = new Map<string, number>();
  const secret = randomBytes(16);
  const pageSize = params.treePageSize ?? 1000;
  const startedAt = new Date().toISOString();
  let cdnPort = 0;

  function sourceFor(id: RepoId): RepoSource | undefined {
    const key = formatRepoId(id);
    const folder = folders.get(key);
    if (folder) return folder;
    if (params.cacheDir) return cacheSource(params.cacheDir, id);
    return undefined;
  }

  async function revisionOf(source: RepoSource, revision: string): Promise<ServedRevision | undefined> {
    const commit = await source.resolveRevision(revision);
    return commit ? source.revision(commit) : undefined;
  }

  async function repoExists(id: RepoId): Promise<RepoSource | undefined> {
    const source = sourceFor(id);
    if (!source) return undefined;
    const refs = await source.refs();
    if (Object.keys(refs).length > 0) return source;
    return (await source.resolveRevision("HEAD")) ? source : undefined;
  }

  function takeFault(
    req: IncomingMessage,
    pathname: string,
    file: string | undefined,
    fileRequest: boolean,
  ): HubServerFault | undefined {
    for (const fault of faults) {
      if (fault.left <= 0) continue;
      if (fault.method && fault.method !== req.method) continue;
      if (fault.file !== undefined && fault.file !== file) continue;
      if (fault.pathname && !fault.pathname.test(pathname)) continue;
      if (fault.file === undefined && !fault.pathname && !fileRequest) continue;
      if (fault.kind === "listing") continue;
      // Body faults need a body.
      if (
        (fault.kind === "drop" ||
          fault.kind === "stall" ||
          fault.kind === "corrupt" ||
          fault.kind === "truncate") &&
        req.method !== "GET"
      )
        continue;
      fault.left--;
      return fault;
    }
    return undefined;
  }

  function transformListing(entries: HubTreeEntry[]): HubTreeEntry[] {
    let out = entries;
    for (const fault of faults) {
      if (fault.kind === "listing" && fault.left > 0) {
        fault.left--;
        out = fault.transform(out);
      }
    }
    return out;
  }

  function bearer(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
    return match ? match[1]!.trim() : undefined;
  }

  /** Throws when the request may not see this repo (or, with `files`, its files). */
  function authorize(req: IncomingMessage, id: RepoId, files: boolean): void {
    const key = formatRepoId(id);
    const token = bearer(req);
    const valid = params.token ? token === params.token : Boolean(token);
    if (gated.has(key)) {
      if (!files || valid) return;
      throw new HttpFailure(
        token ? 403 : 401,
        `Access to model ${id.name} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
        { "X-Error-Code": "GatedRepo" },
      );
    }
    if (params.token && gated.size === 0 && !valid) {
      throw new HttpFailure(
        401,
        token
          ? "Invalid credentials in Authorization header"
          : "Authentication required: send 'Authorization: Bearer <token>'.",
        {
          "X-Error-Message": token
            ? "Invalid credentials in Authorization header"
            : "Authentication required",
        },
      );
    }
  }

  function notFoundRepo(id: RepoId): HttpFailure {
    return new HttpFailure(404, `Repository Not Found for url: ${formatRepoId(id)}.`, {
      "X-Error-Code": "RepoNotFound",
      "X-Error-Message": "Repository not found",
    });
  }

  function treeEntry(file: ServedFile, commit: string, expand: boolean, lastModified: Date): HubTreeEntry {
    return {
      type: "file",
      oid: file.gitOid,
      size: file.size,
      path: file.path,
      ...(file.lfs
        ? { lfs: { oid: file.lfs.sha256, size: file.lfs.size, pointerSize: file.lfs.pointerSize } }
        : {}),
      ...(expand
        ? { lastCommit: { id: commit, title: "Served by hftool", date: lastModified.toISOString() } }
        : {}),
    };
  }

  function directoryEntries(revision: ServedRevision, expand: boolean): HubTreeEntry[] {
    const dirs = new Set<string>();
    for (const path of revision.files.keys()) {
      const parts = path.split("/");
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    }
    return [...dirs].map((path) => ({
      type: "directory" as const,
      oid: createHash("sha1").update(`tree ${revision.commit} ${path}`).digest("hex"),
      size: 0,
      path,
      ...(expand
        ? {
            lastCommit: {
              id: revision.commit,
              title: "Served by hftool",
              date: revision.lastModified.toISOString(),
            },
          }
        : {}),
    }));
  }

  function allEntries(revision: ServedRevision, expand: boolean): HubTreeEntry[] {
    const files = [...revision.files.values()].map((f) =>
      treeEntry(f, revision.commit, expand, revision.lastModified),
    );
    return transformListing(
      [...directoryEntries(revision, expand), ...files].sort((a, b) =>
        a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
      ),
    );
  }

  function sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(res.req.method === "HEAD" ? undefined : text);
  }

  function sendError(res: ServerResponse, failure: HttpFailure): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, failure.status, { error: failure.message }, failure.headers);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    let text = "";
    for await (const chunk of req as AsyncIterable<Buffer>) {
      text += chunk.toString("utf8");
      if (text.length > 1_000_000) throw new HttpFailure(413, "Request body too large");
    }
    return text;
  }

  function repoInfo(id: RepoId, revision: ServedRevision, blobs: boolean) {
    const files = [...revision.files.values()];
    return {
      _id: createHash("sha1").update(formatRepoId(id)).digest("hex").slice(0, 24),
      id: id.name,
      ...(id.type === "model" ? { modelId: id.name } : {}),
      author: id.name.includes("/") ? id.name.split("/")[0] : undefined,
      sha: revision.commit,
      lastModified: revision.lastModified.toISOString(),
      createdAt: startedAt,
      private: false,
      gated: gated.has(formatRepoId(id)) ? "manual" : false,
      disabled: false,
      downloads: 0,
      likes: 0,
      tags: [],
      siblings: transformListing(
        files.map((f) => treeEntry(f, revision.commit, false, revision.lastModified)),
      )
        .filter((e) => e.type === "file")
        .map((e) =>
          blobs
            ? {
                rfilename: e.path,
                size: e.size,
                blobId: e.oid,
                ...(e.lfs
                  ? { lfs: { sha256: e.lfs.oid, size: e.lfs.size, pointerSize: e.lfs.pointerSize } }
                  : {}),
              }
            : { rfilename: e.path },
        ),
      usedStorage: files.reduce((n, f) => n + f.size, 0),
    };
  }

  /** `/api/{type}s/{repo...}/{action}/...` */
  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    segments: string[],
    state: RequestState,
  ): Promise<void> {
    if (segments[1] === "whoami-v2" && segments.length === 2) {
      const token = bearer(req);
      if (!token || (params.token && token !== params.token)) {
        throw new HttpFailure(401, "Invalid credentials in Authorization header", {
          "X-Error-Message": "Invalid credentials in Authorization header",
        });
      }
      const name = params.user ?? "hftool";
      sendJson(res, 200, {
        type: "user",
        id: createHash("sha1").update(name).digest("hex").slice(0, 24),
        name,
        fullname: name,
        email: `${name}@localhost`,
        emailVerified: true,
        canPay: false,
        isPro: false,
        periodEnd: null,
        avatarUrl: "",
        orgs: [],
        auth: {
          type: "access_token",
          accessToken: { displayName: "hftool-serve", role: "read", createdAt: startedAt },
        },
      });
      return;
    }
    const type = TYPE_BY_PLURAL[segments[1] ?? ""];
    if (!type) throw new HttpFailure(404, "Not Found");
    const rest = segments.slice(2);
    const actions = new Set(["revision", "tree", "paths-info", "refs"]);
    const nameLength = rest.length >= 2 && !actions.has(rest[1]!) ? 2 : 1;
    let id: RepoId;
    try {
      id = parseRepoId({ type, name: rest.slice(0, nameLength).join("/") });
    } catch {
      throw new HttpFailure(400, "Invalid repo id");
    }
    state.log.repo = formatRepoId(id);
    const target = renamed.get(formatRepoId(id));
    if (target) {
      const moved = parseRepoId(target);
      const location = `/api/${moved.type}s/${moved.name}${rest.slice(nameLength).length ? `/${rest.slice(nameLength).map(encodeURIComponent).join("/")}` : ""}${url.search}`;
      res.writeHead(307, { Location: location, "Content-Length": 0 });
      res.end();
      return;
    }
    const action = rest[nameLength];
    const args = rest.slice(nameLength + 1);
    authorize(req, id, false);
    const source = await repoExists(id);
    if (!source) throw notFoundRepo(id);

    if (action === undefined || action === "revision") {
      if (req.method !== "GET" && req.method !== "HEAD") throw new HttpFailure(405, "Method not allowed");
      const revisionName = action === "revision" ? args.join("/") || "HEAD" : "HEAD";
      const revision = await revisionOf(source, revisionName);
      if (!revision) throw revisionNotFound(revisionName);
      sendJson(res, 200, repoInfo(id, revision, url.searchParams.get("blobs") === "true"));
      return;
    }
    if (action === "refs") {
      const refs = await source.refs();
      sendJson(res, 200, {
        branches: Object.entries(refs).map(([name, commit]) => ({
          name,
          ref: `refs/heads/${name}`,
          targetCommit: commit,
        })),
        tags: [],
        converts: [],
      });
      return;
    }
    const revisionName = args[0];
    if (!revisionName) throw new HttpFailure(400, "Missing revision");
    const revision = await revisionOf(source, revisionName);
    if (!revision) throw revisionNotFound(revisionName);
    const commitHeader = { "X-Repo-Commit": revision.commit };

    if (action === "tree") {
      const prefix = args.slice(1).join("/");
      if (prefix && !isSafeRepoPath(prefix)) throw new HttpFailure(400, "Invalid path");
      const recursive = /^(true|1)$/i.test(url.searchParams.get("recursive") ?? "false");
      const expand = /^(true|1)$/i.test(url.searchParams.get("expand") ?? "false");
      let entries = allEntries(revision, expand).filter((e) => !prefix || e.path.startsWith(`${prefix}/`));
      if (prefix && entries.length === 0) {
        throw new HttpFailure(404, `Entry not found: ${prefix}`, {
          "X-Error-Code": "EntryNotFound",
          ...commitHeader,
        });
      }
      if (!recursive) {
        const depth = prefix ? prefix.split("/").length + 1 : 1;
        entries = entries.filter((e) => e.path.split("/").length === depth);
      }
      const cursor = Number(url.searchParams.get("cursor") ?? "0") || 0;
      const page = entries.slice(cursor, cursor + pageSize);
      const headers: Record<string, string> = { ...commitHeader };
      if (cursor + pageSize < entries.length) {
        const next = new URL(url.href);
        next.searchParams.set("cursor", String(cursor + pageSize));
        headers.Link = `<${publicBase(req)}${next.pathname}${next.search}>; rel="next"`;
      }
      sendJson(res, 200, page, headers);
      return;
    }
    if (action === "paths-info") {
      if (req.method !== "POST") throw new HttpFailure(405, "Method not allowed");
      const body = await readBody(req);
      let paths: string[];
      let expand: boolean;
      const contentType = String(req.headers["content-type"] ?? "");
      if (contentType.includes("application/json")) {
        try {
          const json = JSON.parse(body) as { paths?: unknown; expand?: unknown };
          paths = Array.isArray(json.paths) ? json.paths.map(String) : [];
          expand = json.expand === true || json.expand === "true";
        } catch {
          throw new HttpFailure(400, "Invalid JSON body");
        }
      } else {
        const form = new URLSearchParams(body);
        paths = form.getAll("paths");
        expand = /^(true|1)$/i.test(form.get("expand") ?? "false");
      }
      const wanted = new Set(paths.map((p) => p.replace(/^\/+|\/+$/g, "")));
      sendJson(
        res,
        200,
        allEntries(revision, expand).filter((e) => wanted.has(e.path)),
        commitHeader,
      );
      return;
    }
    throw new HttpFailure(404, "Not Found");
  }

  function revisionNotFound(revision: string): HttpFailure {
    return new HttpFailure(404, `Invalid rev id: ${revision}`, {
      "X-Error-Code": "RevisionNotFound",
      "X-Error-Message": "Invalid rev id",
    });
  }

  function publicBase(req: IncomingMessage): string {
    return `http://${req.headers.host ?? `${host}:${address.port}`}`;
  }

  function cdnBase(req: IncomingMessage): string {
    const hostHeader = req.headers.host ?? host;
    const hostname = hostHeader.startsWith("[")
      ? hostHeader.slice(0, hostHeader.indexOf("]") + 1)
      : hostHeader.split(":")[0];
    return `http://${hostname}:${cdnPort}`;
  }

  function sign(repo: string, commit: string, path: string, expires: number): string {
    return createHmac("sha256", secret)
      .update(`${repo}\n${commit}\n${path}\n${expires}`)
      .digest("hex")
      .slice(0, 32);
  }

  /** `/{repo}/resolve/{rev}/{path}` on the Hub listener, and the signed `/cdn/...` on the CDN one. */
  async function handleResolve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    id: RepoId,
    revisionName: string,
    path: string,
    state: RequestState,
    listener: "hub" | "cdn",
  ): Promise<void> {
    state.log.repo = formatRepoId(id);
    state.log.file = path;
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpFailure(405, "Method not allowed");
    if (!isSafeRepoPath(path)) throw new HttpFailure(400, "Invalid path");
    if (listener === "hub") {
      const target = renamed.get(formatRepoId(id));
      if (target) {
        const moved = parseRepoId(target);
        const prefix = moved.type === "model" ? "" : `${moved.type}s/`;
        const location = `/${prefix}${moved.name}/resolve/${encodeURIComponent(revisionName)}/${path.split("/").map(encodeURIComponent).join("/")}${url.search}`;
        res.writeHead(307, { Location: location, "Content-Length": 0 });
        res.end();
        return;
      }
      authorize(req, id, true);
    }
    const source = await repoExists(id);
    if (!source) throw notFoundRepo(id);
    const revision = await revisionOf(source, revisionName);
    if (!revision) throw revisionNotFound(revisionName);
    const commitHeader = { "X-Repo-Commit": revision.commit };
    const file = revision.files.get(path);
    if (!file) {
      throw new HttpFailure(404, `Entry not found: ${path}`, {
        "X-Error-Code": "EntryNotFound",
        "X-Error-Message": "Entry not found",
        ...commitHeader,
      });
    }
    const fault = takeFault(req, url.pathname, path, true);
    state.log.fault = fault?.kind;
    if (fault?.kind === "status" || fault?.kind === "rate-limit") {
      const status = fault.kind === "rate-limit" ? 429 : fault.status;
      const retryAfter = fault.kind === "rate-limit" ? fault.retryAfter : fault.retryAfter;
      throw new HttpFailure(
        status,
        status === 429 ? "Too many requests, slow down." : `Injected failure (HTTP ${status})`,
        {
          ...(retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {}),
        },
      );
    }
    if (fault?.kind === "redirect-loop") {
      res.writeHead(302, { Location: url.pathname + url.search, "Content-Length": 0, ...commitHeader });
      res.end();
      return;
    }
    const linked: Record<string, string> = file.lfs
      ? { "X-Linked-Etag": `"${file.lfs.sha256}"`, "X-Linked-Size": String(file.size) }
      : {};
    if (listener === "hub" && params.redirectLfs && file.lfs) {
      const expires = Date.now() + 3600_000;
      const repoKey = formatRepoId(id);
      const location = `${cdnBase(req)}/cdn/${encodeURIComponent(repoKey)}/${revision.commit}/${path.split("/").map(encodeURIComponent).join("/")}?expires=${expires}&signature=${sign(repoKey, revision.commit, path, expires)}`;
      res.writeHead(302, {
        Location: location,
        ETag: `"${file.gitOid}"`,
        "Content-Length": 0,
        ...linked,
        ...commitHeader,
      });
      res.end();
      return;
    }
    await sendFile(req, res, file, { ETag: `"${file.etag}"`, ...linked, ...commitHeader }, fault, state);
  }

  async function sendFile(
    req: IncomingMessage,
    res: ServerResponse,
    file: ServedFile,
    headers: Record<string, string>,
    fault: HubServerFault | undefined,
    state: RequestState,
  ): Promise<void> {
    const size = file.size;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range && fault?.kind !== "ignore-range") {
      const parsed = parseRange(range, size);
      if (parsed === "unsatisfiable") {
        res.writeHead(416, { "Content-Range": `bytes */${size}`, "Content-Length": 0, ...headers });
        res.end();
        return;
      }
      if (parsed) {
        [start, end] = parsed;
        status = 206;
      }
    }
    let length = Math.max(0, end - start + 1);
    if (fault?.kind === "truncate") {
      length = Math.min(length, fault.afterBytes);
      end = start + length - 1;
    }
    res.writeHead(status, {
      "Content-Type": "application/octet-stream",
      "Content-Length": length,
      "Accept-Ranges": "bytes",
      ...(status === 206 ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
      ...headers,
    });
    if (req.method === "HEAD" || length === 0) {
      res.end();
      return;
    }
    const key = `${state.log.repo}\0${file.path}`;
    const count = (n: number) => {
      state.log.bytes += n;
      bytesByKey.set(key, (bytesByKey.get(key) ?? 0) + n);
    };
    const stream = createReadStream(file.absPath, { start, end, highWaterMark: 1024 * 1024 });
    const throttle = params.throttleBytesPerSecond;
    if (!fault && !throttle) {
      stream.on("data", (chunk) => count(chunk.length));
      stream.pipe(res);
      await once(res, "close");
      stream.destroy();
      return;
    }
    const began = Date.now();
    let sent = 0;
    let closed = false;
    let faultDone = false;
    res.once("close", () => {
      closed = true;
      stream.destroy();
    });
    try {
      for await (const raw of stream as AsyncIterable<Buffer>) {
        if (closed) break;
        let chunk = raw;
        if (fault?.kind === "corrupt") {
          const at = (fault.atByte ?? start) - (start + sent);
          if (at >= 0 && at < chunk.length) {
            chunk = Buffer.from(chunk);
            chunk[at] = chunk[at]! ^ 0xff;
          }
        }
        if ((fault?.kind === "drop" || fault?.kind === "stall") && !faultDone) {
          const left = fault.afterBytes - sent;
          if (left < chunk.length) {
            faultDone = true;
            if (left > 0) {
              res.write(chunk.subarray(0, left));
              count(left);
              sent += left;
            }
            if (fault.kind === "drop") {
              // Give the bytes a moment to leave, then cut the connection mid-body.
              await new Promise((r) => setTimeout(r, 20));
              res.socket?.destroy();
              return;
            }
            if (fault.forMs === undefined) {
              await once(res, "close");
              return;
            }
            await new Promise((r) => setTimeout(r, fault.forMs));
            if (closed) return;
            chunk = chunk.subarray(Math.max(0, left));
          }
        }
        // Throttle: never run ahead of the allowed rate by more than a few milliseconds.
        if (throttle) {
          for (let offset = 0; offset < chunk.length && !closed;) {
            const piece = chunk.subarray(offset, offset + Math.max(16384, Math.floor(throttle / 50)));
            const due = began + ((sent + piece.length) / throttle) * 1000;
            const wait = due - Date.now();
            if (wait > 2) await new Promise((r) => setTimeout(r, wait));
            if (closed) return;
            if (!res.write(piece)) await drainOrClose(res);
            count(piece.length);
            sent += piece.length;
            offset += piece.length;
          }
        } else {
          if (!res.write(chunk)) await drainOrClose(res);
          count(chunk.length);
          sent += chunk.length;
        }
      }
      if (!closed) res.end();
    } catch {
      res.destroy();
    }
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    listener: "hub" | "cdn",
    state: RequestState,
  ): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    let segments: string[];
    try {
      segments = url.pathname.split("/").slice(1).map(decodeURIComponent);
    } catch {
      throw new HttpFailure(400, "Malformed URL");
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Authorization, Range, Content-Type, User-Agent",
        "Access-Control-Max-Age": "86400",
      });
      res.end();
      return;
    }
    if (listener === "cdn") {
      // /cdn/<repo id>/<commit>/<path...>?expires=&signature=
      if (segments[0] !== "cdn" || segments.length < 4) throw new HttpFailure(404, "Not Found");
      const repoKey = segments[1]!;
      const commit = segments[2]!;
      const path = segments.slice(3).join("/");
      const expires = Number(url.searchParams.get("expires"));
      const signature = url.searchParams.get("signature") ?? "";
      if (!(expires > Date.now()) || signature !== sign(repoKey, commit, path, expires)) {
        throw new HttpFailure(403, "Request has expired or the signature is invalid");
      }
      await handleResolve(req, res, url, parseRepoId(repoKey), commit, path, state, "cdn");
      return;
    }
    if (segments[0] === "api") {
      const fault = takeFault(req, url.pathname, undefined, false);
      if (fault) {
        state.log.fault = fault.kind;
        if (fault.kind === "status" || fault.kind === "rate-limit") {
          const status = fault.kind === "rate-limit" ? 429 : fault.status;
          throw new HttpFailure(
            status,
            `Injected failure (HTTP ${status})`,
            fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {},
          );
        }
        if (fault.kind === "stall") {
          // an API that takes its time to answer (or never does, within the test)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, fault.forMs ?? 60_000);
            req.socket.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
          });
          if (req.socket.destroyed) return;
        }
      }
      await handleApi(req, res, url, segments, state);
      return;
    }
    // /{datasets|spaces/}?{org}/{name}/resolve/{rev}/{path}
    let offset = 0;
    let type: RepoType = "model";
    if ((segments[0] === "datasets" || segments[0] === "spaces") && segments.length > 3) {
      type = TYPE_BY_PLURAL[segments[0]]!;
      offset = 1;
    }
    const rest = segments.slice(offset);
    const at = rest[2] === "resolve" ? 2 : rest[1] === "resolve" ? 1 : -1;
    if (at < 0 || rest.length < at + 3) throw new HttpFailure(404, "Not Found");
    let id: RepoId;
    try {
      id = parseRepoId({ type, name: rest.slice(0, at).join("/") });
    } catch {
      throw new HttpFailure(400, "Invalid repo id");
    }
    await handleResolve(req, res, url, id, rest[at + 1]!, rest.slice(at + 2).join("/"), state, "hub");
  }

  function handler(listener: "hub" | "cdn") {
    return (req: IncomingMessage, res: ServerResponse) => {
      const log: HubServerRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        status: 0,
        range: req.headers.range,
        authorization: req.headers.authorization !== undefined,
        listener,
        file: undefined,
        repo: undefined,
        bytes: 0,
        fault: undefined,
      };
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      res.setHeader("X-Request-Id", randomBytes(8).toString("hex"));
      const state: RequestState = { log };
      res.once("close", () => {
        log.status = res.statusCode;
        if (params.logRequests !== false) requests.push(log);
        params.onRequest?.(log);
      });
      route(req, res, listener, state).catch((error: unknown) => {
        sendError(
          res,
          error instanceof HttpFailure
            ? error
            : new HttpFailure(500, `Internal error: ${(error as Error)?.message ?? String(error)}`),
        );
      });
    };
  }

  const sockets = new Set<Socket>();
  const track = (server: http.Server) =>
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });

  const hub = track(http.createServer(handler("hub")));
  hub.listen(params.port ?? 0, host);
  await once(hub, "listening");
  const address = hub.address() as AddressInfo;
  let cdn: http.Server | undefined;
  if (params.redirectLfs) {
    cdn = track(http.createServer(handler("cdn")));
    cdn.listen(0, host);
    await once(cdn, "listening");
    cdnPort = (cdn.address() as AddressInfo).port;
  }
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    cdnUrl: cdn ? `http://${urlHost}:${cdnPort}` : undefined,
    requests,
    bytesSent(filter = {}) {
      let total = 0;
      for (const [key, bytes] of bytesByKey) {
        const [repo, file] = key.split("\0");
        if (filter.file !== undefined && filter.file !== file) continue;
        if (filter.repo !== undefined && formatRepoId(parseRepoId(filter.repo)) !== repo) continue;
        total += bytes;
      }
      return total;
    },
    resetStats() {
      requests.length = 0;
      bytesByKey.clear();
    },
    setFaults,
    async commitOf(repo, revision = "main") {
      const source = sourceFor(parseRepoId(repo));
      return source?.resolveRevision(revision);
    },
    async close() {
      const closing = [hub, ...(cdn ? [cdn] : [])].map(
        (server) => new Promise<void>((resolve) => server.close(() => resolve())),
      );
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
    },
  };
}

/** Resolves when the response can take more data, or is gone (without piling up listeners). */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → [start, end]; multiple ranges are ignored (a full answer is allowed). */
export function parseRange(header: string, size: number): [number, number] | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, a, b] = match;
  if (a === "" && b === "") return undefined;
  if (a === "") {
    const n = Number(b);
    if (n === 0) return "unsatisfiable";
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return [start, end];
}

/** Lists the repos a cache folder holds (for `hftool serve`'s banner). */
export async function listCacheRepos(cacheDir: string): Promise<string[]> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const out: string[] = [];
  for (const name of names) {
    const match = /^(models|datasets|spaces)--(.+)$/.exec(name);
    if (!match) continue;
    const repoName = match[2]!.split("--").join("/");
    try {
      out.push(formatRepoId(parseRepoId({ type: TYPE_BY_PLURAL[match[1]!]!, name: repoName })));
    } catch {
      // not a repo folder
    }
  }
  return out.sort();
}
