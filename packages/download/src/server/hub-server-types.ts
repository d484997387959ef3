/** One entry of a tree listing, as the Hub's `/tree` and `/paths-info` endpoints return it. */
export interface HubTreeEntry {
  type: "file" | "directory";
  /** Git blob id (of the LFS pointer for LFS files), or a tree id for folders. */
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: { id: string; title: string; date: string };
}

/** Which requests a fault applies to. Without `file` or `pathname` it targets file downloads (`/resolve/…` and the CDN). */
export interface HubServerFaultMatch {
  /** Exact repo path of a file (`onnx/model.onnx`). */
  file?: string;
  /** Tested against the request's URL path (`/api/models/org/x/revision/main`). */
  pathname?: RegExp;
  method?: "GET" | "HEAD" | "POST";
  /** How many matching requests get the fault. @default Infinity */
  times?: number;
}

/** A way for the server to misbehave on purpose, for tests. */
export type HubServerFault = HubServerFaultMatch &
  (
    | { kind: "drop"; afterBytes: number }
    | { kind: "status"; status: number; retryAfter?: number }
    | { kind: "rate-limit"; retryAfter: number }
    /** A file body stops after `afterBytes` (for `forMs`, or until the client gives up); an API answer waits `forMs` before it starts. */
    | { kind: "stall"; afterBytes: number; forMs?: number }
    | { kind: "corrupt"; atByte?: number }
    | { kind: "truncate"; afterBytes: number }
    | { kind: "redirect-loop" }
    | { kind: "ignore-range" }
    | { kind: "listing"; transform: (entries: HubTreeEntry[]) => HubTreeEntry[] }
  );

/** One request the server answered (for tests and `hftool serve -v`). */
export interface HubServerRequest {
  method: string;
  /** Path and query. */
  url: string;
  status: number;
  /** The request's `Range` header. */
  range: string | undefined;
  /** Whether an `Authorization` header came with it. */
  authorization: boolean;
  /** Which listener: the Hub API, or the CDN that LFS redirects point to. */
  listener: "hub" | "cdn";
  /** Repo file served, for downloads. */
  file: string | undefined;
  repo: string | undefined;
  /** Body bytes written (for downloads). */
  bytes: number;
  /** The fault applied, if any. */
  fault: HubServerFault["kind"] | undefined;
}

/** Parameters of `createHubServer`. */
export interface CreateHubServerParams {
  /** A Hugging Face cache folder to serve (every `models--*`, `datasets--*` repo in it). */
  cacheDir?: string;
  /** Plain folders served as repos: repo id → folder. Branch `main`, commit derived from the contents. */
  repos?: Record<string, string>;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** The token clients must send. Alone, it protects every repo; with `gated`, only those. */
  token?: string;
  /** Repo ids that behave like gated repos: files need the token (`X-Error-Code: GatedRepo`). */
  gated?: string[];
  /** Answer LFS files with an absolute redirect to a second, CDN-like listener (another origin), as the Hub does. @default false */
  redirectLfs?: boolean;
  /** Renamed repos: old id → new id, answered with relative redirects like the Hub. */
  renamed?: Record<string, string>;
  /** Misbehaviour for tests, tried in order; one applies per request. */
  faults?: HubServerFault[];
  /** Caps each download response at this many bytes per second (as CDNs cap connections). */
  throttleBytesPerSecond?: number;
  /** Tree listings are paginated with `Link: rel="next"` after this many entries. @default 1000 */
  treePageSize?: number;
  /** Name `whoami-v2` reports. @default "hftool" */
  user?: string;
  /** Keep a log of requests in `requests`. @default true */
  logRequests?: boolean;
  /** Called for every answered request. */
  onRequest?: (request: HubServerRequest) => void;
}

/** A running Hub-protocol server. */
export interface HubServer {
  /** `http://127.0.0.1:PORT`: use as `HF_ENDPOINT` / `hubUrl`. */
  url: string;
  host: string;
  port: number;
  /** The CDN listener's URL when `redirectLfs` is on. */
  cdnUrl: string | undefined;
  /** Requests answered so far (when `logRequests`). */
  readonly requests: HubServerRequest[];
  /** Body bytes sent for downloads, optionally for one file (repo path) and/or repo. */
  bytesSent(filter?: { file?: string; repo?: string }): number;
  /** Clears `requests` and the byte counters. */
  resetStats(): void;
  /** Replaces the faults. */
  setFaults(faults: HubServerFault[]): void;
  /** The commit a repo's revision resolves to (for tests). */
  commitOf(repo: string, revision?: string): Promise<string | undefined>;
  /** Stops listening and cuts open connections. */
  close(): Promise<void>;
}
