import { describe, expect, it } from "@jest/globals";
import { fixture } from "../../../test/helpers/fake-machine.js";
import {
  parseNvidiaProcInformation,
  parseNvidiaProcVersion,
  parseNvidiaSmiBanner,
  parseNvidiaSmiCsv,
} from "./parse-nvidia-smi.js";

describe("parseNvidiaSmiCsv", () => {
  it("reads a real H100's CSV query output", () => {
    expect(parseNvidiaSmiCsv(fixture("nvidia-h100/query.csv"))).toEqual([
      {
        index: 0,
        name: "NVIDIA H100 80GB HBM3",
        memoryTotalMiB: 81559,
        memoryUsedMiB: 0,
        driverVersion: "580.159.04",
      },
    ]);
  });

  it("keeps a comma inside a name, reads [N/A] as unknown, and ignores error text", () => {
    const text = [
      "0, NVIDIA GeForce RTX 4090, 24564, 1203, 550.54.14",
      "1, Quadro, Special Edition, [N/A], [N/A], 550.54.14",
      "Failed to initialize NVML: Unknown Error",
    ].join("\n");
    expect(parseNvidiaSmiCsv(text)).toEqual([
      {
        index: 0,
        name: "NVIDIA GeForce RTX 4090",
        memoryTotalMiB: 24564,
        memoryUsedMiB: 1203,
        driverVersion: "550.54.14",
      },
      {
        index: 1,
        name: "Quadro, Special Edition",
        memoryTotalMiB: undefined,
        memoryUsedMiB: undefined,
        driverVersion: "550.54.14",
      },
    ]);
    expect(parseNvidiaSmiCsv(fixture("nvidia-errors/version-mismatch.txt"))).toEqual([]);
  });
});

describe("nvidia-smi banner and /proc files", () => {
  it("reads the driver and CUDA versions from the banner", () => {
    expect(parseNvidiaSmiBanner(fixture("nvidia-h100/banner.txt"))).toEqual({
      driverVersion: "580.159.04",
      cudaVersion: "13.0",
    });
  });

  it("reads the open and the proprietary kernel module's version lines, and the model name", () => {
    expect(parseNvidiaProcVersion(fixture("nvidia-h100/proc-version.txt"))).toBe("580.159.04");
    expect(
      parseNvidiaProcVersion(
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n",
      ),
    ).toBe("535.104.05");
    expect(parseNvidiaProcInformation(fixture("nvidia-h100/information.txt"))).toBe("NVIDIA H100 80GB HBM3");
  });
});
