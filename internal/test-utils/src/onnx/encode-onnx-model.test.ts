import { describe, expect, it } from "@jest/globals";
import * as ort from "onnxruntime-node";
import { encodeOnnxModel } from "./encode-onnx-model.js";

describe("encodeOnnxModel", () => {
  it("builds a model that onnxruntime-node loads and runs with the expected numbers", async () => {
    const bytes = encodeOnnxModel({
      graph: {
        nodes: [
          { op: "MatMul", inputs: ["x", "W"], outputs: ["xw"] },
          { op: "Add", inputs: ["xw", "B"], outputs: ["logits"] },
          { op: "Softmax", inputs: ["logits"], outputs: ["probs"], attributes: { axis: -1 } },
        ],
        inputs: [{ name: "x", type: "float32", shape: ["batch", 2] }],
        outputs: [{ name: "probs", type: "float32", shape: ["batch", 2] }],
        initializers: [
          { name: "W", type: "float32", dims: [2, 2], data: [1, 0, 0, 1] },
          { name: "B", type: "float32", dims: [2], data: [0, 0] },
        ],
      },
    });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(["x"]);
    const { probs } = await session.run({
      x: new ort.Tensor("float32", Float32Array.from([0, Math.log(3)]), [1, 2]),
    });
    const values = Array.from(probs!.data as Float32Array);
    expect(values[0]).toBeCloseTo(0.25, 5);
    expect(values[1]).toBeCloseTo(0.75, 5);
  });

  it("encodes int64 initializers and negative integer attributes", async () => {
    const bytes = encodeOnnxModel({
      graph: {
        nodes: [
          { op: "Reshape", inputs: ["x", "shape"], outputs: ["flat"] },
          { op: "ReduceSum", inputs: ["flat", "axes"], outputs: ["sum"], attributes: { keepdims: 0 } },
        ],
        inputs: [{ name: "x", type: "float32", shape: [2, 3] }],
        outputs: [{ name: "sum", type: "float32", shape: [] }],
        initializers: [
          { name: "shape", type: "int64", dims: [1], data: [-1] },
          { name: "axes", type: "int64", dims: [1], data: [0] },
        ],
      },
    });
    const session = await ort.InferenceSession.create(bytes);
    const { sum } = await session.run({
      x: new ort.Tensor("float32", Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]),
    });
    expect(Array.from(sum!.data as Float32Array)).toEqual([21]);
  });

  it("is deterministic", () => {
    const graph = {
      nodes: [{ op: "Identity", inputs: ["a"], outputs: ["b"] }],
      inputs: [{ name: "a", type: "float32" as const, shape: [1] }],
      outputs: [{ name: "b", type: "float32" as const, shape: [1] }],
    };
    expect(Buffer.from(encodeOnnxModel({ graph }))).toEqual(Buffer.from(encodeOnnxModel({ graph })));
  });
});
