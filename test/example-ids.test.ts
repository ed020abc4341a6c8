import { createExampleApp } from '../examples/app';

// Construct ids are contract: a renamed logical id replaces the resource in a
// user's account (a new role, a new topic that subscribers must confirm again).
// The README example's ids are pinned; change the snapshot only on purpose.
test('the README example keeps its logical ids', () => {
  const assembly = createExampleApp().synth();
  const ids = assembly.stacks.flatMap(stack => Object.entries<any>(stack.template.Resources)
    .map(([logicalId, resource]) => `${stack.stackName} ${logicalId} ${resource.Type}`));
  expect(ids.sort()).toMatchSnapshot();
});
