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
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('Event pattern size'));
  });

  test('over the 4,096 maximum fails synthesis', () => {
    const { app } = scenarioApp({ logServices: services(200) });
    expect(() => app.synth()).toThrow(/The event pattern of Home\/BreakGlass\/LogActions\/Rule is about \d+ characters, over EventBridge's 4096-character maximum/);
  });
});
