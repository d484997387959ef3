import { describe, expect, it } from "@jest/globals";
import { fixture } from "../../../test/helpers/fake-machine.js";
import { parseRocmSmiJson } from "./parse-rocm-smi.js";

describe("parseRocmSmiJson", () => {
  it("reads every card, naming one without a series by its device id", () => {
    expect(parseRocmSmiJson(fixture("rocm/showproductname-showmeminfo-vram.json"))).toEqual([
      {
        card: "card0",
        name: "Radeon RX 7900 XTX",
        memoryTotalBytes: 25753026560,
        memoryUsedBytes: 1073741824,
        gfxVersion: "gfx1100",
      },
      {
        card: "card1",
        name: "AMD GPU (device 0x164e)",
        memoryTotalBytes: 536870912,
        memoryUsedBytes: 72495104,
        gfxVersion: "gfx1036",
      },
    ]);
  });

  it("accepts older key spellings, ignores the system entry and junk", () => {
    const text = JSON.stringify({
      card2: {
        "Card series": "AMD Instinct MI210",
        "VRAM Total Memory (B)": "68702699520",
        "VRAM Total Used Memory (B)": "10960896",
      },
      system: { "Driver version": "6.7.0" },
    });
    expect(parseRocmSmiJson(text)).toEqual([
      {
        card: "card2",
        name: "AMD Instinct MI210",
        memoryTotalBytes: 68702699520,
        memoryUsedBytes: 10960896,
        gfxVersion: undefined,
      },
    ]);
    expect(parseRocmSmiJson("ERROR: No AMD GPUs specified")).toEqual([]);
  });
});
