/**
 * The LwM2M instances a workload's outputs are published into (FITA's
 * `data_model_mapping`, e.g. `lwm2m:3303/x/5700`). They are created on the workload's
 * first activation, kept while it is merely deactivated, and removed with its package.
 * Values go in through `setValue`, so observers of the mapped resource are notified.
 */
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import type { InstancePath, ModelLookup, ResourcePath } from '../../lwm2m/index.js';
import type { ServiceJson } from '../../oci/index.js';
import { instanceFromValues, type ObjectTree, type ValueOrInstances } from '../objects/index.js';
import type { SensorSource } from './contracts.js';
import { parseDataModelMapping, type DataModelMapping } from './data-model-mapping.js';
import { neutralValue, numberForResource, SENSOR_UNITS_RESOURCE_ID, signalShape } from './plausible-values.js';

export class MappedInstances {
  readonly #tree: ObjectTree;
  readonly #models: ModelLookup;
  readonly #created: InstancePath[];
  /** Output key → the resources its values go to. */
  readonly #targets: Map<string, ResourcePath[]>;

  private constructor(tree: ObjectTree, models: ModelLookup, created: InstancePath[], targets: Map<string, ResourcePath[]>) {
    this.#tree = tree;
    this.#models = models;
    this.#created = created;
    this.#targets = targets;
  }

  /**
   * Creates one instance per mapped object and instance spec of the service's outputs:
   * a requested id when it is free, else the next id after the highest. Mappings were
   * verified with the package, so creation only fails on a device bug; then nothing
   * stays behind.
   */
  static create(tree: ObjectTree, models: ModelLookup, service: ServiceJson, sensors: SensorSource): MappedInstances {
    // First gather what each instance spec (`3303/x`) is fed, so each instance is created complete.
    const specs = new Map<string, { objectId: number; requested: number | undefined; resources: Map<number, number> }>();
    for (const output of service.outputs ?? []) {
      for (const mapping of mappingsOf(output.data_model_mapping)) {
        const model = models.resource(mapping.objectId, mapping.resourceId);
        if (model === undefined) continue;
        const key = specKey(mapping);
        const spec = specs.get(key) ?? { objectId: mapping.objectId, requested: mapping.instance === 'x' ? undefined : mapping.instance, resources: new Map() };
        const sensed = sensors.sample(mapping.objectId, mapping.resourceId);
        const initial = sensed !== undefined && Number.isFinite(sensed) ? sensed : signalShape(mapping.objectId).centre;
        spec.resources.set(mapping.resourceId, numberForResource(model, initial));
        specs.set(key, spec);
      }
    }
    const created: InstancePath[] = [];
    const instanceOf = new Map<string, number>();
    try {
      for (const [key, spec] of specs) {
        const instanceId = addInstance(tree, models, spec.objectId, spec.requested, initialValues(models, spec.objectId, spec.resources));
        instanceOf.set(key, instanceId);
        created.push([spec.objectId, instanceId]);
      }
    } catch (err) {
      for (const path of created) tree.removeInstance(path);
      throw err;
    }
    const targets = new Map<string, ResourcePath[]>();
    for (const output of service.outputs ?? []) {
      const paths: ResourcePath[] = [];
      for (const mapping of mappingsOf(output.data_model_mapping)) {
        const instanceId = instanceOf.get(specKey(mapping));
        if (instanceId !== undefined) paths.push([mapping.objectId, instanceId, mapping.resourceId]);
      }
      targets.set(output.key, paths);
    }
    return new MappedInstances(tree, models, created, targets);
  }

  /** The instances this workload owns, e.g. `[[3303, 1]]`. */
  instances(): readonly InstancePath[] {
    return this.#created;
  }

  /** Publishes an output value into its mapped resources; an instance someone removed is skipped. */
  write(key: string, value: number): void {
    for (const path of this.#targets.get(key) ?? []) {
      const model = this.#models.resource(path[0], path[2]);
      if (model === undefined) continue;
      try {
        this.#tree.setValue(path, numberForResource(model, value));
      } catch (err) {
        if (!isFarsideError(err, ERROR_CODES.INVALID_INPUT)) throw err;
      }
    }
  }

  /** Removes the instances that still exist. */
  remove(): void {
    for (const path of this.#created) {
      try {
        this.#tree.removeInstance(path);
      } catch (err) {
        if (!isFarsideError(err, ERROR_CODES.INVALID_INPUT)) throw err;
      }
    }
    this.#created.length = 0;
    this.#targets.clear();
  }
}

function mappingsOf(texts: readonly string[] | undefined): DataModelMapping[] {
  return (texts ?? []).map(parseDataModelMapping).filter((mapping): mapping is DataModelMapping => mapping !== undefined);
}

function specKey(mapping: DataModelMapping): string {
  return `${mapping.objectId}/${mapping.instance}`;
}

/** The mapped resources, plausible units, and a neutral value for every other mandatory resource. */
function initialValues(models: ModelLookup, objectId: number, mapped: ReadonlyMap<number, number>): Map<number, ValueOrInstances> {
  const values = new Map<number, ValueOrInstances>();
  for (const model of models.object(objectId)?.resources.values() ?? []) {
    const neutral = model.mandatory ? neutralValue(model) : undefined;
    if (neutral !== undefined) values.set(model.id, model.multiple ? new Map([[0, neutral]]) : neutral);
  }
  const units = signalShape(objectId).units;
  if (units !== undefined && models.resource(objectId, SENSOR_UNITS_RESOURCE_ID)?.type === 'string') values.set(SENSOR_UNITS_RESOURCE_ID, units);
  for (const [resourceId, value] of mapped) values.set(resourceId, value);
  return values;
}

/** Adds at the requested id when it is free, else at the next id after the highest. */
function addInstance(tree: ObjectTree, models: ModelLookup, objectId: number, requested: number | undefined, values: ReadonlyMap<number, ValueOrInstances>): number {
  if (requested !== undefined && tree.read([objectId, requested]).code === '4.04') {
    return tree.addInstance(objectId, instanceFromValues(models, objectId, requested, values));
  }
  const { resources } = instanceFromValues(models, objectId, 0, values);
  return tree.addInstance(objectId, { resources });
}
