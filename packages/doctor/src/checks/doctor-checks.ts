import type { DoctorCheck } from "../types.js";
import { createCacheCheck } from "./cache/create-cache-check.js";
import { configCheck } from "./config/config-check.js";
import { diskCheck } from "./disk/disk-check.js";
import { createFeaturesCheck } from "./features/create-features-check.js";
import { ffmpegCheck } from "./ffmpeg/ffmpeg-check.js";
import { gpuCheck } from "./gpu/gpu-check.js";
import { networkCheck } from "./network/network-check.js";
import { nodeCheck } from "./node/node-check.js";
import { onnxruntimeCheck } from "./onnxruntime/onnxruntime-check.js";

/** The checks `runDoctor` runs by default, in report order (the order of CHECK_IDS). */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  nodeCheck,
  onnxruntimeCheck,
  gpuCheck,
  createFeaturesCheck(),
  ffmpegCheck,
  networkCheck,
  configCheck,
  diskCheck,
  createCacheCheck(),
];
