import type { InferenceSession, Tensor } from "onnxruntime-node";
import { float16ToFloat32, float32ToFloat16 } from "../tensor/float16.js";
import type { loadOnnxRuntime } from "../../runtime/load-onnxruntime.js";

type Ort = Awaited<ReturnType<typeof loadOnnxRuntime>>;

/** Element type and shape a session declares for one input. */
export interface InputSpec {
  name: string;
  type: Tensor.Type;
  /** Numbers are fixed sizes, strings symbolic ones; empty for a scalar. */
  shape: readonly (number | string)[];
}

/** The declared inputs of a session, by name. */
export function inputSpecs(session: InferenceSession): Map<string, InputSpec> {
  const specs = new Map<string, InputSpec>();
  for (const meta of session.inputMetadata) {
    specs.set(meta.name, {
      name: meta.name,
      type: meta.isTensor ? meta.type : "float32",
      shape: meta.isTensor ? meta.shape : [],
    });
  }
  return specs;
}

/**
 * A tensor for `spec` from float32 or integer values, cast to the element type the session
 * declares: float16 graphs get half-precision bits, int64 inputs BigInts, and so on.
 */
export function tensorFor(
  ort: Ort,
  spec: InputSpec,
  values: ArrayLike<number>,
  dims: readonly number[],
): Tensor {
  switch (spec.type) {
    case "float32":
      return new ort.Tensor(
        "float32",
        values instanceof Float32Array ? values : Float32Array.from(values),
        dims,
      );
    case "float16":
      return new ort.Tensor("float16", float32ToFloat16(values), dims);
    case "float64":
      return new ort.Tensor("float64", Float64Array.from(values), dims);
    case "int64":
      return new ort.Tensor(
        "int64",
        BigInt64Array.from(Array.from(values, (v) => BigInt(Math.round(v)))),
        dims,
      );
    case "int32":
      return new ort.Tensor(
        "int32",
        Int32Array.from(values, (v) => Math.round(v)),
        dims,
      );
    default:
      throw new TypeError(
        `Input ${spec.name} has element type ${spec.type}, which a diffusion pipeline cannot feed.`,
      );
  }
}

/** The values of a float output as float32, whatever float type the graph produced. */
export function float32Data(tensor: Tensor): Float32Array {
  switch (tensor.type) {
    case "float32":
      return tensor.data as Float32Array;
    case "float16":
      return float16ToFloat32(tensor.data as Uint16Array);
    case "float64":
      return Float32Array.from(tensor.data as Float64Array);
    default:
      throw new TypeError(`Expected a float output, got ${tensor.type}.`);
  }
}
