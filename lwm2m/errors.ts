// The project's one errors module lives at the top level so that every module,
// including those that depend on no other (sdf-models, oci), can share it.
export * from '../errors/index.js';
