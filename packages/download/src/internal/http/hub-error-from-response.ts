import {
  EntryNotFoundError,
  GatedRepoError,
  HubAuthError,
  HubError,
  RateLimitError,
  RepoNotFoundError,
  RevisionNotFoundError,
  type HubErrorContext,
} from "../../errors.js";

export interface ErrorResponseInfo {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  /** The body, already read (may be empty). */
  body: string;
}

export interface HubRequestContext extends HubErrorContext {
  endpoint: string;
  hasToken: boolean;
}

/**
 * Turns an error response into the error a user can act on, keyed on `X-Error-Code` like Python
 * `huggingface_hub` (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo), then on status.
 */
export function hubErrorFromResponse(info: ErrorResponseInfo, context: HubRequestContext): HubError {
  const serverCode = info.header("x-error-code");
  let serverMessage = info.header("x-error-message");
  if (!serverMessage && info.body) {
    try {
      const json = JSON.parse(info.body) as { error?: unknown; message?: unknown };
      const text = json.error ?? json.message;
      if (typeof text === "string") serverMessage = text;
    } catch {
      serverMessage = info.body.slice(0, 200).trim() || undefined;
    }
  }
  const ctx = { ...context, status: info.status, serverCode, serverMessage };
  const repo = context.repo ?? "";
  switch (serverCode) {
    case "RepoNotFound":
      return new RepoNotFoundError({ ...ctx, repo });
    case "RevisionNotFound":
      return new RevisionNotFoundError({ ...ctx, repo, revision: context.revision ?? "main" });
    case "EntryNotFound":
      return new EntryNotFoundError({ ...ctx, repo, file: context.file ?? "" });
    case "GatedRepo":
      return new GatedRepoError({ ...ctx, repo });
    default:
      break;
  }
  if (info.status === 401 || info.status === 403) {
    if (serverMessage && /access to this resource is disabled/i.test(serverMessage)) {
      return new HubError("REPO_DISABLED", `'${repo}' has been disabled on the Hub.`, ctx, {
        hint: "Nothing can be downloaded from a disabled repo; pick another model.",
      });
    }
    return new HubAuthError(ctx);
  }
  if (info.status === 429) return new RateLimitError(ctx);
  if (info.status === 404) {
    return new HubError(
      "HUB_NOT_FOUND",
      `${context.file ? `'${context.file}' of ` : ""}'${repo}' was not found (HTTP 404${serverMessage ? `: ${serverMessage}` : ""}).`,
      ctx,
      { hint: "Check the repo id, the revision and HF_ENDPOINT." },
    );
  }
  return new HubError(
    "HUB_HTTP_ERROR",
    `The server answered HTTP ${info.status}${serverMessage ? ` (${serverMessage})` : ""} for ${context.url ?? "a request"}.`,
    ctx,
    {
      hint:
        info.status >= 500
          ? "The server is having trouble; try again later."
          : "Check the repo id, revision and HF_ENDPOINT.",
    },
  );
}
