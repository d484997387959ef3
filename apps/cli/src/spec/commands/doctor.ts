import type { CommandSpec } from "../types.js";

export const doctorCommand: CommandSpec = {
  name: "doctor",
  description: "Check that everything hftool needs works: runtime, GPU, network, config, cache",
  options: [
    {
      name: "check",
      type: "array",
      description:
        "Run only these checks: node, onnxruntime, gpu, features, ffmpeg, network, config, disk, cache (repeat or comma-separate)",
      complete: "check-id",
    },
    {
      name: "fix",
      type: "boolean",
      description:
        "Apply safe fixes (create folders, take over stale locks, remove dangling links); asks before deleting downloaded data",
    },
    {
      name: "timeout",
      type: "number",
      default: 5,
      description: "Seconds to wait for the Hugging Face Hub",
    },
  ],
  examples: [
    ["hftool doctor", "Run every check; exit 0 when fine, 1 with warnings, 2 with errors"],
    ["hftool doctor --check gpu --check onnxruntime", "Which GPU and which ONNX Runtime providers work"],
    ["hftool doctor --fix", "Repair what is safe to repair (cache locks, links, folders)"],
    [
      "hftool doctor --json | jq '.checks[] | select(.status != \"ok\")'",
      "Machine-readable report (schema v1)",
    ],
  ],
  load: () => import("../../commands/doctor.js"),
};
