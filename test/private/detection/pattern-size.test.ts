import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { scenarioApp } from '../../support/apps';

const services = (count: number) => Array.from({ length: count }, (_, i) => `service-number-${i}`);

describe('event pattern size', () => {
  test('over the default quota warns, naming the quota to raise', () => {
    const { stack } = scenarioApp({ logServices: services(60) });
    Annotations.fromStack(stack).hasWarning('/Home/BreakGlass/LogActions/Rule',
      Match.stringLikeRegexp('over EventBridge\'s default quota of 2048: raise the "Event pattern size" quota to 4096'));
  });

  test('within the default quota stays quiet', () => {
    const { stack } = scenarioApp({ logServices: services(5) });
    // The action log's rule, whose pattern grows with logServices. (The tamper alert's rules rule, which names every
    // rule it protects by its CloudFormation-generated name, counted at 64 characters each, is over 2,048 here: its
    // warning names the quota to raise.)
    Annotations.fromStack(stack).hasNoWarning('/Home/BreakGlass/LogActions/Rule', Match.stringLikeRegexp('Event pattern size'));
  });

  test('over the 4,096 maximum fails synthesis', () => {
    const { app } = scenarioApp({ logServices: services(200) });
    expect(() => app.synth()).toThrow(/The event pattern of Home\/BreakGlass\/LogActions\/Rule is about \d+ characters, over EventBridge's 4096-character maximum/);
  });
});
