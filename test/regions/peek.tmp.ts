import { scenarioApp } from '../support/scenario';
const { app, stack } = scenarioApp({ regions: ['eu-west-1'] });
const asm = app.synth();
const t = asm.getStackByName(stack.stackName).template;
for (const [id, r] of Object.entries<any>(t.Resources)) {
  if (r.Type === 'AWS::CloudFormation::StackSet') { const b = r.Properties.TemplateBody; console.log(id, JSON.stringify({...r.Properties, TemplateBody: '...'}, null, 1)); console.log(JSON.stringify(b).slice(0,3000)); }
  else if (r.Type.startsWith('AWS::IAM') || r.Type==='AWS::Events::EventBus') console.log(id, JSON.stringify(r, null, 1));
  else console.log(id, r.Type);
}
