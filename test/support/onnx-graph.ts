/**
 * A small ONNX graph builder over `onnx-proto` (the ONNX protobuf schema compiled for protobufjs), used
 * by make-test-model.ts. Only what a BERT encoder needs: float/int64 initializers, nodes with int,
 * ints and float attributes, dynamic-shape inputs and outputs.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Attr = number | number[];

export class GraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private counter = 0;

  /** A float32 constant tensor. */
  float(name: string, dims: number[], data: Float32Array | number[]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${name}: ${values.length} values for dims ${dims}`);
    this.initializers.push(onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: littleEndian(values) }));
    return name;
  }

  /** An int64 constant tensor (dims [] = scalar). */
  int64(name: string, dims: number[], data: number[]): string {
    const bytes = new Uint8Array(data.length * 8);
    const view = new DataView(bytes.buffer);
    data.forEach((x, i) => view.setBigInt64(i * 8, BigInt(x), true));
    this.initializers.push(onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.INT64, rawData: bytes }));
    return name;
  }

  /** Adds a node and returns its (first) output name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    const attribute = Object.entries(attrs).map(([name, v]) => {
      if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
      if (Number.isInteger(v)) return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: v });
      return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v });
    });
    this.nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [out], name: out, attribute }));
    return out;
  }

  /** The serialized model (IR 7, opset 13: supported by onnxruntime 1.14, which transformers.js uses). */
  encode(inputs: ValueSpec[], outputs: ValueSpec[], producer: string): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: producer, node: this.nodes, initializer: this.initializers,
      input: inputs.map(valueInfo), output: outputs.map(valueInfo),
    });
    const model = onnx.ModelProto.create({
      irVersion: 7, producerName: producer, graph, opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** A graph input or output: element type and dims (strings are symbolic, e.g. 'batch_size'). */
export interface ValueSpec {
  name: string;
  type: 'float' | 'int64';
  dims: (number | string)[];
}

function valueInfo(spec: ValueSpec) {
  const elemType = spec.type === 'float' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64;
  const dim = spec.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return onnx.ValueInfoProto.create({ name: spec.name, type: { tensorType: { elemType, shape: { dim } } } });
}

function littleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return bytes;
}
