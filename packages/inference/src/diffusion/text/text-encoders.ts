import type { InferenceSession } from "onnxruntime-node";
import type { DiffusionFamily, DiffusionLayout } from "../layout/read-diffusion-layout.js";
import { DiffusionModelError } from "../errors.js";
import type { ClipTokenizer } from "../tokenizer/clip-tokenizer.js";
import { float32Data, inputSpecs, tensorFor } from "../onnx/session-tensors.js";
import { loadOnnxRuntime } from "../../runtime/load-onnxruntime.js";

/** A prompt as the UNet takes it. */
export interface PromptEmbeddings {
  /** `encoder_hidden_states` for one image: [sequence, dim], row-major. */
  hidden: Float32Array;
  sequenceLength: number;
  hiddenSize: number;
  /** SDXL: the pooled `text_embeds` of the second encoder. */
  pooled: Float32Array | undefined;
  /** How many prompt tokens did not fit the encoder's 77. */
  truncatedTokens: number;
}

/** One CLIP encoder with the outputs the family needs. */
interface EncoderPart {
  tokenizer: ClipTokenizer;
  session: InferenceSession;
  /** Output giving the per-token states. */
  hiddenOutput: string;
  /** Output giving the pooled embedding (SDXL's second encoder only). */
  pooledOutput: string | undefined;
}

/**
 * The output holding the penultimate layer, which SDXL conditions on: `hidden_states.{N−1}` of
 * an Optimum/Olive export with `output_hidden_states` (indexes 0…N, 0 being the embeddings), where
 * N is the config's `num_hidden_layers` or the highest index exported.
 */
function penultimateOutput(outputNames: readonly string[], numLayers: unknown): string | undefined {
  const indexes = outputNames
    .map((name) => /^hidden_states\.(\d+)$/.exec(name)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number);
  if (indexes.length === 0) return outputNames.includes("hidden_states") ? "hidden_states" : undefined;
  const layers = typeof numLayers === "number" ? numLayers : Math.max(...indexes);
  const name = `hidden_states.${layers - 1}`;
  return outputNames.includes(name) ? name : undefined;
}

/** Parameters of {@link TextEncoders.create}. */
export interface TextEncodersParams {
  layout: DiffusionLayout;
  tokenizers: readonly ClipTokenizer[];
  sessions: readonly InferenceSession[];
}

/**
 * Turns prompts into UNet conditioning: SD takes the text encoder's `last_hidden_state`; SDXL
 * concatenates the penultimate hidden states of both encoders and adds the second one's pooled
 * `text_embeds`.
 */
export class TextEncoders {
  readonly family: DiffusionFamily;
  readonly #parts: readonly EncoderPart[];

  private constructor(family: DiffusionFamily, parts: readonly EncoderPart[]) {
    this.family = family;
    this.#parts = parts;
  }

  /** Checks each encoder has the outputs its family needs and names what is missing. */
  static create({ layout, tokenizers, sessions }: TextEncodersParams): TextEncoders {
    const configs = [layout.textEncoder.config, layout.textEncoder2?.config ?? {}];
    const parts = sessions.map((session, index): EncoderPart => {
      const component = index === 0 ? "text_encoder" : "text_encoder_2";
      const fail = (what: string) =>
        new DiffusionModelError(
          `${component}/model.onnx has no ${what} output (it has ${session.outputNames.join(", ")}).`,
          {
            modelDir: layout.modelDir,
            component,
            file: index === 0 ? layout.textEncoder.onnx : layout.textEncoder2?.onnx,
            hint: "Export the text encoders with Optimum (SDXL needs output_hidden_states), or pick a model from 'hftool models -t text-to-image'.",
          },
        );
      if (!session.inputNames.includes("input_ids")) {
        throw new DiffusionModelError(`${component}/model.onnx has no input_ids input.`, {
          modelDir: layout.modelDir,
          component,
          hint: "This is not a CLIP text encoder exported for diffusers.",
        });
      }
      let hiddenOutput: string | undefined;
      let pooledOutput: string | undefined;
      if (layout.family === "sd") {
        hiddenOutput = session.outputNames.includes("last_hidden_state")
          ? "last_hidden_state"
          : session.outputNames[0];
      } else {
        hiddenOutput = penultimateOutput(session.outputNames, configs[index]?.["num_hidden_layers"]);
        if (!hiddenOutput) throw fail("penultimate hidden_states.<N-1>");
        if (index === 1) {
          pooledOutput = ["text_embeds", "text_embeddings", "pooler_output"].find((name) =>
            session.outputNames.includes(name),
          );
          if (!pooledOutput) throw fail("pooled text_embeds");
        }
      }
      return { tokenizer: tokenizers[index]!, session, hiddenOutput: hiddenOutput!, pooledOutput };
    });
    return new TextEncoders(layout.family, parts);
  }

  /** Encodes one prompt. */
  async encode(prompt: string): Promise<PromptEmbeddings> {
    const ort = await loadOnnxRuntime();
    const hiddenParts: Float32Array[] = [];
    let sequenceLength = 0;
    let pooled: Float32Array | undefined;
    let truncatedTokens = 0;
    for (const part of this.#parts) {
      const { ids, truncatedTokens: truncated } = part.tokenizer.encode(prompt);
      truncatedTokens = Math.max(truncatedTokens, truncated);
      const spec = inputSpecs(part.session).get("input_ids")!;
      const fetches = part.pooledOutput ? [part.hiddenOutput, part.pooledOutput] : [part.hiddenOutput];
      const outputs = await part.session.run(
        { input_ids: tensorFor(ort, spec, ids, [1, ids.length]) },
        fetches,
      );
      const hidden = outputs[part.hiddenOutput]!;
      sequenceLength = Number(hidden.dims[1]);
      hiddenParts.push(float32Data(hidden));
      if (part.pooledOutput) pooled = float32Data(outputs[part.pooledOutput]!).slice();
    }
    // Concatenate per token along the feature axis: [seq, d1] ++ [seq, d2] → [seq, d1 + d2].
    const sizes = hiddenParts.map((part) => part.length / sequenceLength);
    const hiddenSize = sizes.reduce((a, b) => a + b, 0);
    const hidden = new Float32Array(sequenceLength * hiddenSize);
    for (let token = 0; token < sequenceLength; token++) {
      let offset = token * hiddenSize;
      hiddenParts.forEach((part, i) => {
        const size = sizes[i]!;
        hidden.set(part.subarray(token * size, (token + 1) * size), offset);
        offset += size;
      });
    }
    return { hidden, sequenceLength, hiddenSize, pooled, truncatedTokens };
  }

  /** Embeddings of all zeros shaped like `like` (SDXL's `force_zeros_for_empty_prompt`). */
  static zerosLike(like: PromptEmbeddings): PromptEmbeddings {
    return {
      ...like,
      hidden: new Float32Array(like.hidden.length),
      pooled: like.pooled ? new Float32Array(like.pooled.length) : undefined,
      truncatedTokens: 0,
    };
  }
}
