import { createExampleApp } from '../examples/app';
import { createOrganizationApp } from '../examples/organization';

// Construct ids are contract: a renamed logical id replaces the resource in a
// user's account (a new role, a new topic that subscribers must confirm again).
// The README example's ids are pinned; change the snapshot only on purpose.
test('the README example keeps its logical ids', () => {
  const assembly = createExampleApp().synth();
  const ids = assembly.stacks.flatMap(stack => Object.entries<any>(stack.template.Resources)
    .map(([logicalId, resource]) => `${stack.stackName} ${logicalId} ${resource.Type}`));
  expect(ids.sort()).toMatchSnapshot();
});

test('the organization example keeps its logical ids, and the StackSet body its resource ids', () => {
  const assembly = createOrganizationApp().synth();
  const ids = assembly.stacks.flatMap(stack => Object.entries<any>(stack.template.Resources)
    .map(([logicalId, resource]) => `${stack.stackName} ${logicalId} ${resource.Type}`));
  const stackSet = Object.values<any>(assembly.getStackByName('BreakGlassManagement').template.Resources)
    .find(resource => resource.Type === 'AWS::CloudFormation::StackSet' && resource.Properties.PermissionModel === 'SERVICE_MANAGED');
  const body = Object.entries<any>(JSON.parse(stackSet.Properties.TemplateBody).Resources).map(([id, resource]) => `member ${id} ${resource.Type}`);
  expect([...ids, ...body].sort()).toMatchSnapshot();
});
