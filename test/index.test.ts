import * as api from '../src';

/**
 * The package's entry point exports the jsii types and nothing else: a helper
 * function or a constant exported from a public file would reach JavaScript
 * users as API, while the other languages never see it.
 */
const isClass = (value: unknown) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
const isEnum = (value: unknown) => typeof value === 'object' && value !== null
  && Object.entries(value).every(([key, member]) => /^[A-Z][A-Z0-9_]*$/.test(key) && typeof member === 'string');

test('src/index.ts exports only classes and enums', () => {
  const others = Object.entries(api).filter(([, value]) => !isClass(value) && !isEnum(value)).map(([name]) => name);
  expect(others).toEqual([]);
});

test('the check tells a helper function and a constant from a class and an enum', () => {
  expect([isClass(api.BreakGlassRole), isClass(function applySomething() {}), isClass(() => 1), isEnum(api.LogActions), isEnum({ retention: 365 })])
    .toEqual([true, false, false, true, false]);
});
