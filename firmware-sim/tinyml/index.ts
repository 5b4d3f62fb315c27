/**
 * The TinyML interpreter: .tflite models run on the simulated MCU with outputs equal to
 * Arm NN CpuRef's, and tensor arenas planned as TFLite Micro plans them.
 */
export type { LoadedModel, TensorData, TensorQuantization, TensorSpec, TensorType } from './contracts.js';
export { loadModel, type LoadModelOptions } from './interpreter.js';
export { readModel } from './model-reader.js';
export type { OperatorOptions, TfliteModel, TfliteOperator, TfliteQuantization, TfliteTensor } from './model.js';
export { describeModel, type ArenaDescription, type ModelDescription, type OperatorDescription, type TensorDescription } from './describe-model.js';
export { formatModelDescription } from './describe-format.js';
export { runFromJson, inputsFromJson, type OutputValues, type RunResult } from './run-from-json.js';
export { SUPPORTED_OPERATORS } from './operators/registry.js';
export { planArena, type ArenaPlan, type BufferRequest } from './arena-planner.js';
