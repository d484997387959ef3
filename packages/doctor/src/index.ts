export { reportExitCode, type CheckStatus } from "./report-exit-code.js";
