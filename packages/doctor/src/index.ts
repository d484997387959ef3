export { runDoctor, type FixConfirmationRequest, type RunDoctorParams } from "./run-doctor.js";
export { CHECK_IDS, type CheckId } from "./checks/check-ids.js";
export { DOCTOR_CHECKS } from "./checks/doctor-checks.js";
export { listDoctorChecks, type DoctorCheckInfo } from "./checks/list-doctor-checks.js";
export { createCacheCheck, type CreateCacheCheckParams } from "./checks/cache/create-cache-check.js";
export { inspectCacheWithDownload } from "./checks/cache/inspect-cache-with-download.js";
export type {
  CacheInspection,
  CorruptBlob,
  DanglingLink,
  InspectCache,
  InspectCacheParams,
  PartialDownload,
  StaleLock,
} from "./checks/cache/cache-inspection.js";
export {
  createFeaturesCheck,
  type CreateFeaturesCheckParams,
} from "./checks/features/create-features-check.js";
export { OPTIONAL_FEATURES, type OptionalFeature } from "./checks/features/optional-features.js";
export { ONNXRUNTIME_VERSION } from "./checks/onnxruntime/onnxruntime-check.js";
export { reportExitCode } from "./report/report-exit-code.js";
export { DOCTOR_REPORT_SCHEMA } from "./report/doctor-report-schema.js";
export {
  createDoctorEnvironment,
  type CreateDoctorEnvironmentParams,
} from "./environment/create-doctor-environment.js";
export type {
  CommandResult,
  DoctorEnvironment,
  FileSystemSpace,
  PackageLocation,
  RunCommandOptions,
} from "./environment/doctor-environment.js";
export type {
  CheckCategory,
  CheckContext,
  CheckOutcome,
  CheckResult,
  CheckStatus,
  DoctorCheck,
  DoctorReport,
  FixPlan,
  FixRecord,
  ReportSummary,
  SharedProbe,
  Suggestion,
} from "./types.js";
