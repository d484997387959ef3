import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { TINY_DIFFUSION, writeTinyDiffusionRepo } from "@hftool/test-utils";
import * as ort from "onnxruntime-node";
import { readDiffusionLayout } from "../layout/read-diffusion-layout.js";
import { loadClipTokenizer } from "../tokenizer/load-clip-tokenizer.js";
import { TextEncoders } from "./text-encoders.js";

async function setup(family: "sd" | "sdxl") {
  const dir = writeTinyDiffusionRepo(mkdtempSync(join(tmpdir(), "hftool-te-")), {
    family,
    inputIds: "int32",
  });
  const layout = await readDiffusionLayout({ modelDir: dir });
  const names = family === "sdxl" ? (["tokenizer", "tokenizer_2"] as const) : (["tokenizer"] as const);
  const tokenizers = await Promise.all(
    names.map((subfolder) => loadClipTokenizer({ modelDir: dir, subfolder })),
  );
  const files =
    family === "sdxl" ? [layout.textEncoder.onnx, layout.textEncoder2!.onnx] : [layout.textEncoder.onnx];
  const sessions = await Promise.all(files.map((file) => ort.InferenceSession.create(file)));
  return { encoders: TextEncoders.create({ layout, tokenizers, sessions }), tokenizers, sessions };
}

/** Runs a session directly and returns one named output. */
async function direct(session: ort.InferenceSession, ids: Int32Array, output: string): Promise<Float32Array> {
  const result = await session.run({ input_ids: new ort.Tensor("int32", ids, [1, ids.length]) });
  return result[output]!.data as Float32Array;
}

describe("TextEncoders", () => {
  it("gives SD the text encoder's last_hidden_state", async () => {
    const { encoders, tokenizers, sessions } = await setup("sd");
    const embeddings = await encoders.encode("hello red cat");
    expect([embeddings.sequenceLength, embeddings.hiddenSize]).toEqual([77, TINY_DIFFUSION.hiddenSize]);
    expect(embeddings.pooled).toBeUndefined();
    const expected = await direct(
      sessions[0]!,
      tokenizers[0]!.encode("hello red cat").ids,
      "last_hidden_state",
    );
    expect(Array.from(embeddings.hidden)).toEqual(Array.from(expected));
  });

  it("gives SDXL both encoders' penultimate hidden states side by side and the pooled text_embeds", async () => {
    const { encoders, tokenizers, sessions } = await setup("sdxl");
    const embeddings = await encoders.encode("hello red cat");
    const d1 = TINY_DIFFUSION.hiddenSize;
    const d2 = TINY_DIFFUSION.hiddenSize2;
    expect(embeddings.hiddenSize).toBe(d1 + d2);
    // The tiny encoders have 2 layers: hidden_states.0 (embeddings), .1, .2 — penultimate is .1.
    const first = await direct(sessions[0]!, tokenizers[0]!.encode("hello red cat").ids, "hidden_states.1");
    const second = await direct(sessions[1]!, tokenizers[1]!.encode("hello red cat").ids, "hidden_states.1");
    for (const token of [0, 1, 5, 76]) {
      expect(Array.from(embeddings.hidden.subarray(token * (d1 + d2), token * (d1 + d2) + d1))).toEqual(
        Array.from(first.subarray(token * d1, (token + 1) * d1)),
      );
      expect(Array.from(embeddings.hidden.subarray(token * (d1 + d2) + d1, (token + 1) * (d1 + d2)))).toEqual(
        Array.from(second.subarray(token * d2, (token + 1) * d2)),
      );
    }
    const pooled = await direct(sessions[1]!, tokenizers[1]!.encode("hello red cat").ids, "text_embeds");
    expect(Array.from(embeddings.pooled!)).toEqual(Array.from(pooled));
  });

  it("reports prompt tokens cut at 77", async () => {
    const { encoders } = await setup("sd");
    expect((await encoders.encode(Array(100).fill("cat").join(" "))).truncatedTokens).toBe(25);
  });
});
