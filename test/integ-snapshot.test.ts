import { createIntegApp } from './integ.break-glass';

// The deployable integration test cannot run without an account; its
// templates are pinned here so a change to what it deploys is seen.
test('the integration test deploys what its snapshot says', () => {
  const assembly = createIntegApp().synth();
  const templates = Object.fromEntries(assembly.stacks.map(stack => [stack.stackName, stack.template]));
  // integ-tests-alpha salts each assertion with the time so it re-runs on every deploy.
  const pinned = JSON.parse(JSON.stringify(templates).replace(/"salt":"\d+"/g, '"salt":"<time>"'));
  expect(pinned).toMatchSnapshot();
});
