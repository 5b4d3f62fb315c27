#!/usr/bin/python3
"""Reference outputs for farside's TinyML interpreter, from Arm NN's CpuRef backend.

Usage: armnn_oracle.py < request.json > reply.json

The request is {"jobs": [job, ...]}, each job one of
  {"model": PATH, "runs": [[input0, input1, ...], ...]}
      every run's inputs, each a flat list of numbers in the tensor's own type;
  {"model": PATH, "bench": {"input": [input0, ...], "seconds": S}}
      invoke the model on one input for about S seconds and time it.
The reply is {"jobs": [reply, ...]}, each {"outputs": [[output0, ...], ...]} (one list per
run, outputs flattened), {"bench": {"inferences": N, "seconds": T}} or {"error": "..."}
when Arm NN refused that model. Exit status 1 with {"error": "..."} on a bad request.
Floats are written with repr(), which round-trips float32 values exactly.

Runs with Debian's python3-pyarmnn (Arm NN 20.08) under /usr/bin/python3.
"""
import json
import sys
import time


def fail(message):
    json.dump({"error": message}, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(1)


def load(ann, runtime, path):
    parser = ann.ITfLiteParser()
    network = parser.CreateNetworkFromBinaryFile(path)
    graph = 0
    inputs = [parser.GetNetworkInputBindingInfo(graph, name) for name in parser.GetSubgraphInputTensorNames(graph)]
    outputs = [parser.GetNetworkOutputBindingInfo(graph, name) for name in parser.GetSubgraphOutputTensorNames(graph)]
    optimized, _messages = ann.Optimize(network, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    network_id, _ = runtime.LoadNetwork(optimized)
    return network_id, inputs, outputs


def numpy_type(ann, info):
    import numpy as np

    return {
        ann.DataType_Float32: np.float32,
        ann.DataType_QAsymmS8: np.int8,
        ann.DataType_QSymmS8: np.int8,
        ann.DataType_QAsymmU8: np.uint8,
        ann.DataType_QSymmS16: np.int16,
        ann.DataType_Signed32: np.int32,
    }[info.GetDataType()]


def input_tensors(ann, bindings, values):
    import numpy as np

    if len(values) != len(bindings):
        fail("the model has %d inputs, a run gave %d" % (len(bindings), len(values)))
    arrays = [np.asarray(value, dtype=numpy_type(ann, binding[1])) for binding, value in zip(bindings, values)]
    return ann.make_input_tensors(bindings, arrays)


def as_json_numbers(array):
    flat = array.reshape(-1)
    if flat.dtype.kind == "f":
        return [float(value) for value in flat]
    return [int(value) for value in flat]


def run_job(ann, runtime, job):
    try:
        network_id, inputs, outputs = load(ann, runtime, job["model"])
    except Exception as error:  # Arm NN raises its own exception types
        return {"error": "Arm NN could not load %s: %s" % (job["model"], error)}
    output_tensors = ann.make_output_tensors(outputs)
    if "bench" in job:
        bench = job["bench"]
        tensors = input_tensors(ann, inputs, bench["input"])
        runtime.EnqueueWorkload(network_id, tensors, output_tensors)
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < bench["seconds"]:
            runtime.EnqueueWorkload(network_id, tensors, output_tensors)
            count += 1
        reply = {"bench": {"inferences": count, "seconds": time.perf_counter() - started}}
    else:
        replies = []
        for run in job["runs"]:
            runtime.EnqueueWorkload(network_id, input_tensors(ann, inputs, run), output_tensors)
            replies.append([as_json_numbers(array) for array in ann.workload_tensors_to_ndarray(output_tensors)])
        reply = {"outputs": replies}
    runtime.UnloadNetwork(network_id)
    return reply


def main():
    if len(sys.argv) != 1:
        fail("usage: armnn_oracle.py < request.json")
    request = json.load(sys.stdin)
    import pyarmnn as ann

    # One runtime for every job: a second IRuntime in the same process loses the CpuRef backend.
    runtime = ann.IRuntime(ann.CreationOptions())
    json.dump({"jobs": [run_job(ann, runtime, job) for job in request["jobs"]]}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
