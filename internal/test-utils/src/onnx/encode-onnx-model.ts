import { ProtobufWriter } from "./protobuf-writer.js";

/** Element types fixture models use, with their ONNX TensorProto.DataType numbers. */
export const ONNX_TYPES = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
} as const;

export type OnnxElementType = keyof typeof ONNX_TYPES;

/** A constant tensor (initializer or attribute value). */
export interface OnnxTensor {
  name?: string;
  type: OnnxElementType;
  dims: readonly number[];
  /** Values; int64 may be given as numbers. float16 as raw uint16 bits. */
  data:
    | ArrayLike<number>
    | ArrayLike<bigint>
    | Float32Array
    | BigInt64Array
    | Uint16Array
    | Uint8Array
    | Int32Array;
}

/** A graph input or output: a name, element type and shape (numbers or symbolic names). */
export interface OnnxValue {
  name: string;
  type: OnnxElementType;
  shape: readonly (number | string)[];
}

export type OnnxAttribute =
  | number
  | string
  | readonly number[]
  | { float: number }
  | { floats: readonly number[] }
  | { tensor: OnnxTensor }
  | { graph: OnnxGraph };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  domain?: string;
  /** Integers become INT, non-integers FLOAT (use `{float}` to force a float), strings STRING, number arrays INTS. */
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

export interface OnnxGraph {
  name?: string;
  nodes: readonly OnnxNode[];
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  initializers?: readonly OnnxTensor[];
}

/** Parameters of {@link encodeOnnxModel}. */
export interface EncodeOnnxModelParams {
  graph: OnnxGraph;
  /** Default-domain opset. @default 17 */
  opset?: number;
  /** @default 8 */
  irVersion?: number;
  /** Extra opset imports, e.g. `{ "com.microsoft": 1 }`. */
  extraOpsets?: Readonly<Record<string, number>>;
}

function tensorBytes(tensor: OnnxTensor): Uint8Array {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  const values = Array.from(tensor.data as ArrayLike<number | bigint>);
  if (values.length !== count) {
    throw new Error(
      `Tensor ${tensor.name ?? "(unnamed)"}: ${values.length} values for dims [${tensor.dims.join(",")}]`,
    );
  }
  switch (tensor.type) {
    case "float32":
      return new Uint8Array(Float32Array.from(values.map(Number)).buffer);
    case "float64":
      return new Uint8Array(Float64Array.from(values.map(Number)).buffer);
    case "int64":
      return new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
    case "int32":
      return new Uint8Array(Int32Array.from(values.map(Number)).buffer);
    case "float16":
      return new Uint8Array(Uint16Array.from(values.map(Number)).buffer);
    case "int8":
      return new Uint8Array(Int8Array.from(values.map(Number)).buffer);
    case "uint8":
    case "bool":
      return Uint8Array.from(values.map(Number));
  }
}

function writeTensor(w: ProtobufWriter, tensor: OnnxTensor): void {
  for (const d of tensor.dims) w.int(1, d);
  w.int(2, ONNX_TYPES[tensor.type]);
  if (tensor.name) w.string(8, tensor.name);
  w.bytes(9, tensorBytes(tensor));
}

function writeValue(w: ProtobufWriter, value: OnnxValue): void {
  w.string(1, value.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.int(1, ONNX_TYPES[value.type]);
      tensorType.message(2, (shape) => {
        for (const dim of value.shape) {
          shape.message(1, (d) => (typeof dim === "number" ? d.int(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
}

function isNumberList(value: OnnxAttribute): value is readonly number[] {
  return Array.isArray(value);
}

function writeAttribute(w: ProtobufWriter, name: string, value: OnnxAttribute): void {
  w.string(1, name);
  if (typeof value === "number") {
    if (Number.isInteger(value)) w.int(3, value).int(20, 2);
    else w.float(2, value).int(20, 1);
  } else if (typeof value === "string") {
    w.string(4, value).int(20, 3);
  } else if (isNumberList(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, 7);
  } else if ("float" in value) {
    w.float(2, value.float).int(20, 1);
  } else if ("floats" in value) {
    for (const v of value.floats) w.float(7, v);
    w.int(20, 6);
  } else if ("tensor" in value) {
    w.message(5, (t) => writeTensor(t, value.tensor)).int(20, 4);
  } else {
    w.message(6, (g) => writeGraph(g, value.graph)).int(20, 5);
  }
}

function writeGraph(w: ProtobufWriter, graph: OnnxGraph): void {
  graph.nodes.forEach((node, index) => {
    w.message(1, (n) => {
      for (const input of node.inputs) n.string(1, input);
      for (const output of node.outputs) n.string(2, output);
      n.string(3, node.name ?? `${node.op}_${index}`);
      n.string(4, node.op);
      for (const [key, attr] of Object.entries(node.attributes ?? {}))
        n.message(5, (a) => writeAttribute(a, key, attr));
      if (node.domain) n.string(7, node.domain);
    });
  });
  w.string(2, graph.name ?? "graph");
  for (const init of graph.initializers ?? []) w.message(5, (t) => writeTensor(t, init));
  for (const input of graph.inputs) w.message(11, (v) => writeValue(v, input));
  for (const output of graph.outputs) w.message(12, (v) => writeValue(v, output));
}

/**
 * Encodes an ONNX model (ModelProto) from a plain description, with no dependency: fixture models
 * for tests are built from code, deterministic byte for byte.
 */
export function encodeOnnxModel({
  graph,
  opset = 17,
  irVersion = 8,
  extraOpsets = {},
}: EncodeOnnxModelParams): Uint8Array {
  const w = new ProtobufWriter();
  w.int(1, irVersion);
  w.string(2, "hftool-test-utils");
  w.message(7, (g) => writeGraph(g, graph));
  w.message(8, (o) => o.string(1, "").int(2, opset));
  for (const [domain, version] of Object.entries(extraOpsets))
    w.message(8, (o) => o.string(1, domain).int(2, version));
  return w.finish();
}
