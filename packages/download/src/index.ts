export {
  CacheInUseError,
  ChecksumMismatchError,
  DiskSpaceError,
  EntryNotFoundError,
  GatedRepoError,
  HubAuthError,
  HubError,
  HubProtocolError,
  HubUnavailableError,
  LockTimeoutError,
  NoMatchingFilesError,
  OfflineCacheMissError,
  RateLimitError,
  RepoNotFoundError,
  RevisionNotFoundError,
  SizeMismatchError,
  UnsafePathError,
  type HubErrorContext,
} from "./errors.js";
export type { HubConnectionParams } from "./internal/settings.js";
export type { RetryPolicy } from "./internal/http/retry-policy.js";

export {
  downloadSnapshot,
  type DownloadEvent,
  type DownloadSnapshotParams,
  type DownloadSnapshotResult,
  type PlannedFile,
  type SnapshotFile,
} from "./lib/download-snapshot.js";
export {
  listRepoFiles,
  type ListRepoFilesParams,
  type RepoFile,
  type RepoListing,
} from "./lib/list-repo-files.js";
export { findCachedSnapshot, type FindCachedSnapshotParams } from "./lib/find-cached-snapshot.js";
export {
  scanCache,
  type CachedFile,
  type CachedRepo,
  type CachedRevision,
  type CacheScan,
  type PartialDownload,
  type ScanCacheParams,
} from "./lib/scan-cache.js";
export {
  verifyCache,
  type VerifyCacheParams,
  type VerifyCacheResult,
  type VerifyEvent,
  type VerifyIssue,
} from "./lib/verify-cache.js";
export {
  pruneCache,
  type PruneCacheParams,
  type PruneCacheResult,
  type PrunedEntry,
} from "./lib/prune-cache.js";
export {
  removeCachedRepo,
  type RemoveCachedRepoParams,
  type RemoveCachedRepoResult,
} from "./lib/remove-cached-repo.js";
export { filterRepoFiles, type FilterRepoFilesParams } from "./lib/filter-repo-files.js";
export { escapeGlob } from "./lib/escape-glob.js";
export {
  resolveHubToken,
  type ResolveHubTokenParams,
  type ResolvedHubToken,
} from "./lib/resolve-hub-token.js";
export { proxyForUrl, type ProxyForUrlParams, type ProxySetting } from "./lib/proxy-for-url.js";
export { createProxyFetch, type CreateProxyFetchParams } from "./lib/create-proxy-fetch.js";
export { createSocksDispatcher, type CreateSocksDispatcherParams } from "./lib/create-socks-dispatcher.js";
export { parseRepoId, formatRepoId, type RepoId, type RepoType } from "./lib/parse-repo-id.js";
export { repoFolderName, type RepoFolderNameParams } from "./lib/repo-folder-name.js";

export { createHubServer } from "./lib/create-hub-server.js";
export type {
  CreateHubServerParams,
  HubServer,
  HubServerFault,
  HubServerFaultMatch,
  HubServerRequest,
  HubTreeEntry,
} from "./server/hub-server-types.js";
