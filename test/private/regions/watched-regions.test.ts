import { App, Stack } from 'aws-cdk-lib';
import { BreakGlassRole, BreakGlassRoleProps, TrailSetup, Username } from '../../../src';
import { ACCOUNT, homeStack } from '../../support/apps';
import { AWS_DEFAULT_REGIONS, forwardedRegions } from '../../support/forwarding-assertions';

/** The regions forwarded to a home region: every watched region but the home region, as the watch resolves them. */
function forwarded(home: string, regions?: string[]): string[] {
  return homeStack(home, { regions }).breakGlass.watch.forwardedRegions;
}

describe('watched regions', () => {
  test('the StackSet deploys to exactly the regions the watch forwards', () => {
    const { stack, breakGlass } = homeStack('us-east-2', { regions: ['*', 'af-south-1'] });
    expect(forwardedRegions(stack)).toEqual(breakGlass.watch.forwardedRegions);
    expect(breakGlass.watch.forwardedRegions).toContain('af-south-1');
  });

  test("by default, every default-enabled region of the partition is watched, as with ['*']", () => {
    expect(forwarded('us-east-2')).toEqual(AWS_DEFAULT_REGIONS.filter(r => r !== 'us-east-2'));
    expect(forwarded('us-east-2')).toEqual(forwarded('us-east-2', ['*']));
    expect(AWS_DEFAULT_REGIONS).toHaveLength(17);
  });

  test('by default, no opt-in region is watched', () => {
    expect(forwarded('us-east-2')).not.toContain('af-south-1');
  });

  test('us-east-1 and the home region alone: us-east-1 is forwarded to another home region', () => {
    expect(forwarded('us-east-2', ['us-east-1'])).toEqual(['us-east-1']);
  });

  test('us-east-1 alone, in us-east-1: nothing is forwarded', () => {
    expect(forwarded('us-east-1', ['us-east-1'])).toEqual([]);
  });

  test('named regions are added to us-east-1, sorted', () => {
    expect(forwarded('us-east-2', ['eu-west-1', 'ap-southeast-2'])).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });

  test('naming the home region or us-east-1 adds nothing', () => {
    expect(forwarded('us-east-2', ['us-east-2', 'us-east-1'])).toEqual(['us-east-1']);
  });

  test('an opt-in region is watched when named', () => {
    expect(forwarded('us-east-2', ['af-south-1'])).toEqual(['af-south-1', 'us-east-1']);
  });

  test("['*'] in aws is every default-enabled region of aws but the home region", () => {
    expect(forwarded('us-east-2', ['*'])).toEqual(AWS_DEFAULT_REGIONS.filter(r => r !== 'us-east-2'));
  });

  test("['*'] in aws includes eu-west-1 and us-east-1", () => {
    expect(forwarded('us-east-2', ['*'])).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1']));
  });

  test("['*'] in aws leaves out opt-in regions (af-south-1, ap-east-1, me-south-1)", () => {
    const regions = forwarded('us-east-2', ['*']);
    for (const optIn of ['af-south-1', 'ap-east-1', 'me-south-1']) {
      expect(regions).not.toContain(optIn);
    }
  });

  test("['*'] in aws never reaches GovCloud, China, ISO or sovereign partitions", () => {
    expect(forwarded('us-east-2', ['*']).filter(r => /^(us-gov-|cn-|us-iso|eu-iso|eusc-)/.test(r))).toEqual([]);
  });

  test("['*', opt-in region] adds the named opt-in region to every default-enabled region", () => {
    expect(forwarded('us-east-2', ['*', 'af-south-1'])).toEqual(
      [...AWS_DEFAULT_REGIONS.filter(r => r !== 'us-east-2'), 'af-south-1'].sort());
  });

  test("['*'] from an opt-in home region forwards every default-enabled region", () => {
    expect(forwarded('af-south-1', ['*'])).toEqual(AWS_DEFAULT_REGIONS);
  });

  test('in cn-north-1, global events are recorded at home: nothing else is forwarded for the home region alone', () => {
    expect(forwarded('cn-north-1', ['cn-north-1'])).toEqual([]);
  });

  test('in cn-northwest-1, cn-north-1 (not us-east-1) is forwarded for the home region alone', () => {
    expect(forwarded('cn-northwest-1', ['cn-northwest-1'])).toEqual(['cn-north-1']);
  });

  test("['*'] in cn-north-1 is the other China region only", () => {
    expect(forwarded('cn-north-1', ['*'])).toEqual(['cn-northwest-1']);
  });

  test('in us-gov-west-1, global events are recorded at home: nothing else is forwarded for the home region alone', () => {
    expect(forwarded('us-gov-west-1', ['us-gov-west-1'])).toEqual([]);
  });

  test('in us-gov-east-1, us-gov-west-1 (not us-east-1) is forwarded for the home region alone', () => {
    expect(forwarded('us-gov-east-1', ['us-gov-east-1'])).toEqual(['us-gov-west-1']);
  });

  test('by default in cn-north-1, the other China region only', () => {
    expect(forwarded('cn-north-1')).toEqual(['cn-northwest-1']);
  });

  test("['*'] in us-gov-west-1 is the other GovCloud region only", () => {
    expect(forwarded('us-gov-west-1', ['*'])).toEqual(['us-gov-east-1']);
  });
});

describe('bad regions', () => {
  function build(region: string | undefined, props: Partial<BreakGlassRoleProps>): () => void {
    return () => {
      const stack = new Stack(new App(), 'Home', region ? { env: { account: ACCOUNT, region } } : {});
      new BreakGlassRole(stack, 'BreakGlass', { usernames: [Username.iamUser('alice')], trail: TrailSetup.existingTrail(), ...props });
    };
  }

  test('an unknown region name', () => {
    expect(build('us-east-2', { regions: ['eu-westeros-1'] }))
      .toThrow("regions has 'eu-westeros-1', which is not a known AWS region: use a region code such as 'eu-west-1', or ['*'] for every region.");
  });

  test('a region name in the wrong case', () => {
    expect(build('us-east-2', { regions: ['EU-WEST-1'] })).toThrow(/regions has 'EU-WEST-1', which is not a known AWS region/);
  });

  test("'*' beside a region it already watches", () => {
    expect(build('us-east-2', { regions: ['*', 'eu-west-1'] }))
      .toThrow("regions names eu-west-1 beside '*', which already watches every region enabled by default: beside '*', name only opt-in regions the account has enabled.");
  });

  test('a region named twice', () => {
    expect(build('us-east-2', { regions: ['eu-west-1', 'eu-west-1'] })).toThrow("regions names 'eu-west-1' twice: list each once.");
  });

  test('a GovCloud region from a commercial stack', () => {
    expect(build('us-east-2', { regions: ['us-gov-west-1'] }))
      .toThrow(/regions has 'us-gov-west-1', which is outside the stack's partition 'aws' \(home region us-east-2\)/);
  });

  test('a China region from a commercial stack', () => {
    expect(build('us-east-2', { regions: ['cn-north-1'] })).toThrow(/regions has 'cn-north-1', which is outside the stack's partition 'aws'/);
  });

  test('a commercial region from a China stack', () => {
    expect(build('cn-north-1', { regions: ['eu-west-1'] })).toThrow(/regions has 'eu-west-1', which is outside the stack's partition 'aws-cn'/);
  });

  test('an env-agnostic stack', () => {
    expect(build(undefined, {})).toThrow(/Home\/BreakGlass.* has no region \(env-agnostic\).*Give the stack env: \{ account, region \}/);
  });

  test('a home region unknown to aws-cdk-lib/region-info', () => {
    expect(build('xx-fake-1', {})).toThrow(/The stack's region 'xx-fake-1' is unknown to aws-cdk-lib\/region-info/);
  });
});
