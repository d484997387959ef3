import type { OnnxGraph, OnnxNode, OnnxTensor } from "./encode-onnx-model.js";

/** How much work to add. */
export interface Ballast {
  /** Width of the hidden vectors. */
  hidden: number;
  /** Dense layers (MatMul + Tanh) over every token. */
  layers: number;
}

/** Parameters of {@link addBallast}. */
export interface AddBallastParams {
  graph: OnnxGraph;
  ballast: Ballast;
  /** Rows of the embedding the ballast starts from (the vocabulary size). */
  vocabSize: number;
  /** The int64 token input. @default "input_ids" */
  input?: string;
}

/**
 * Gives a fixture graph the compute of a small real model without changing its answers: the
 * tokens go through `layers` dense layers of width `hidden` (an encoder layer's worth of matrix
 * products per token), and the sum of the result, times zero, is added to every output. Benchmarks
 * use it so that pipeline overhead is measured against model work of a realistic size.
 */
export function addBallast({ graph, ballast, vocabSize, input = "input_ids" }: AddBallastParams): OnnxGraph {
  const { hidden, layers } = ballast;
  const weights = (name: string, rows: number, seed: number): OnnxTensor => ({
    name,
    type: "float32",
    dims: [rows, hidden],
    data: Float32Array.from(
      { length: rows * hidden },
      (_, i) => Math.sin(i * 0.37 + seed) / Math.sqrt(hidden),
    ),
  });
  const nodes: OnnxNode[] = [{ op: "Gather", inputs: ["ballast_embedding", input], outputs: ["ballast_0"] }];
  const initializers: OnnxTensor[] = [weights("ballast_embedding", vocabSize, 0)];
  for (let l = 0; l < layers; l++) {
    initializers.push(weights(`ballast_w${l}`, hidden, l + 1));
    nodes.push(
      { op: "MatMul", inputs: [`ballast_${l}`, `ballast_w${l}`], outputs: [`ballast_mm${l}`] },
      { op: "Tanh", inputs: [`ballast_mm${l}`], outputs: [`ballast_${l + 1}`] },
    );
  }
  nodes.push(
    { op: "ReduceSum", inputs: [`ballast_${layers}`], outputs: ["ballast_sum"], attributes: { keepdims: 0 } },
    { op: "Mul", inputs: ["ballast_sum", "ballast_zero"], outputs: ["ballast_nothing"] },
  );
  initializers.push({ name: "ballast_zero", type: "float32", dims: [], data: [0] });
  // every float output gets + 0 from the ballast, so the work cannot be skipped
  const outputs = new Set(graph.outputs.filter((o) => o.type === "float32").map((o) => o.name));
  const renamed = graph.nodes.map((node) => ({
    ...node,
    outputs: node.outputs.map((o) => (outputs.has(o) ? `${o}__before_ballast` : o)),
    inputs: node.inputs.map((i) => (outputs.has(i) ? `${i}__before_ballast` : i)),
  }));
  const adds: OnnxNode[] = [...outputs].map((o) => ({
    op: "Add",
    inputs: [`${o}__before_ballast`, "ballast_nothing"],
    outputs: [o],
  }));
  return {
    ...graph,
    nodes: [...renamed, ...nodes, ...adds],
    initializers: [...(graph.initializers ?? []), ...initializers],
  };
}
