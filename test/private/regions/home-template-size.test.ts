import * as fs from 'fs';
import { scenarioApp } from '../../support/apps';
import { AWS_DEFAULT_REGIONS } from '../../support/forwarding-assertions';

/** The home template as synthesized to disk (what CloudFormation receives), and its StackSet's regions. */
function home(regions: string[], canary = true) {
  const { app, stack } = scenarioApp({ regions, canary });
  const artifact = app.synth().getStackByName(stack.stackName);
  const stackSet = (Object.values(artifact.template.Resources) as any[]).find(r => r.Type === 'AWS::CloudFormation::StackSet');
  return {
    bytes: fs.statSync(artifact.templateFullPath).size,
    resources: Object.keys(artifact.template.Resources).length,
    types: (Object.values(artifact.template.Resources) as any[]).map(r => r.Type as string).sort(),
    forwarded: stackSet.Properties.StackInstancesGroup[0].Regions as string[],
  };
}

describe('the home template grows per watched region by its heartbeat rule and alarm only', () => {
  const one = home(['eu-west-1']);
  const all = home(['*']);

  test("with ['*'], has two more resources per added region: a heartbeat rule and its CloudWatch alarm", () => {
    const added = all.forwarded.filter(r => !one.forwarded.includes(r));
    expect(all.resources - one.resources).toBe(2 * added.length);
    const extra = [...all.types];
    for (const type of one.types) {
      extra.splice(extra.indexOf(type), 1);
    }
    expect(extra.sort()).toEqual(added.flatMap(() => ['AWS::CloudWatch::Alarm', 'AWS::Events::Rule']).sort());
  });
});

describe('without the canary, the home template does not grow per watched region', () => {
  const one = home(['eu-west-1'], false);
  const all = home(['*'], false);

  test("['*'] forwards more regions than ['eu-west-1']", () => {
    expect(one.forwarded).toEqual(['eu-west-1', 'us-east-1']);
    expect(all.forwarded).toEqual(AWS_DEFAULT_REGIONS.filter(r => r !== 'us-east-2'));
  });

  test("has as many resources with ['*'] as with one region", () => {
    expect(all.resources).toBe(one.resources);
  });

  test('grows in bytes by less than twice the added region names as JSON list items, in each of its three lists', () => {
    const added = all.forwarded.filter(r => !one.forwarded.includes(r));
    // "name", plus a separator, per region; twice that leaves room for the template's indentation. The names are listed
    // three times: the StackSet's regions, and the regions the role's trust and its own policy admit.
    const bound = 3 * 2 * added.reduce((sum, region) => sum + region.length + 3, 0);
    expect(all.bytes - one.bytes).toBeGreaterThan(0);
    expect(all.bytes - one.bytes).toBeLessThan(bound);
  });
});
