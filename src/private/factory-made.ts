import { describeValue } from './describe-value';

/**
 * The one shape of `Username`, `TrailSetup`, `RegionalDeployment` and
 * `Deployer`: static factories, a private constructor that only the factories
 * can call (they hold `FACTORY`), `toString()` naming the factory call, and an
 * `@internal _bind(…)` that does the work. Whoever else makes one — JavaScript
 * calling the constructor, `Object.create(TrailSetup.prototype)`, a subclass
 * written in C#, Java or Python (whose jsii object is made by the constructor
 * with no arguments) — is refused: at the constructor, or where the value is used.
 */
export interface FactoryMadeClass {
  /** The class's name, for messages. */
  readonly name: string;
  /** Its factories, as a fix names them, for example `TrailSetup.existingTrail() or TrailSetup.createTrail()`. */
  readonly _factories: string;
  readonly prototype: object;
}

/** Only the static factories hold this: the constructors refuse any other caller. */
export const FACTORY = Symbol('aws-break-glass-role factory');

/** What the factories made. */
const made = new WeakSet<object>();

/** Called first by the constructor of a factory-made class: refuses a caller without `FACTORY`, and marks the instance made. */
export function constructedByFactory(instance: object, key: unknown, type: FactoryMadeClass): void {
  // TypeScript's `private` binds TypeScript alone: JavaScript, and the other languages through jsii, can still call a constructor.
  if (key !== FACTORY) {
    throw new Error(`${type.name} has no public constructor: make it with ${type._factories}.`);
  }
  made.add(instance);
}

/** Whether a value was made by one of its class's static factories. */
export function isFactoryMade(value: unknown): boolean {
  return typeof value === 'object' && value !== null && made.has(value);
}

/** Throws unless `value`, given as `prop` (for example `trail`), is an instance of `type` made by one of its factories. */
export function requireFactoryMade<T>(prop: string, value: unknown, type: FactoryMadeClass & { prototype: T }): asserts value is T {
  if (!(value instanceof (type as unknown as Function)) || !isFactoryMade(value)) {
    throw new Error(`${prop} is ${describeValue(value)}, not a ${type.name} made by its factories: give ${type._factories}.`);
  }
}
