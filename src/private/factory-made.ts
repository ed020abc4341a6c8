import { describeValue } from './describe-value';

/**
 * Values made by the static factories of `Username`, `TrailSetup`,
 * `RegionalDeployment` and `Deployer`. `instanceof` alone is not enough:
 * `Object.create(TrailSetup.prototype)` passes it, and so does a subclass
 * written in C#, Java or Python, whose jsii object is made by the class's
 * constructor with no factory behind it.
 */
const made = new WeakSet<object>();

/** Marks a value as made by its class's static factories; they call it on what they return. */
export function factoryMade<T extends object>(value: T): T {
  made.add(value);
  return value;
}

/** Whether a value was made by one of its class's static factories. */
export function isFactoryMade(value: unknown): boolean {
  return typeof value === 'object' && value !== null && made.has(value);
}

/**
 * Throws unless `value`, given as `prop`, is an instance of `type` made by
 * one of its factories.
 *
 * @param prop the prop as the caller wrote it, for example `trail`
 * @param type the class, for example `TrailSetup`
 * @param factories the factories to name in the fix, for example `TrailSetup.existingTrail() or TrailSetup.createTrail()`
 */
export function requireFactoryMade<T>(prop: string, value: unknown, type: Function & { prototype: T }, factories: string): asserts value is T {
  if (!(value instanceof type) || !isFactoryMade(value)) {
    throw new Error(`${prop} is ${describeValue(value)}, not a ${type.name} made by its factories: give ${factories}.`);
  }
}
