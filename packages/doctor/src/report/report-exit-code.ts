import type { CheckStatus } from "../types.js";

/** Exit code of a doctor report: 2 with any error, 1 with any warning, else 0. */
export function reportExitCode(statuses: Iterable<CheckStatus>): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = 0;
  for (const status of statuses) {
    if (status === "error") return 2;
    if (status === "warning") code = 1;
  }
  return code;
}
