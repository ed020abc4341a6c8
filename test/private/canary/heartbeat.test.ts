import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { scenarioApp } from '../../support/apps';

describe('the heartbeat', () => {
  const { breakGlass, stack } = scenarioApp({ regions: ['eu-west-1'] });
  const template = Template.fromStack(stack);
  const canaryName = breakGlass.watch._canary!.settings.name;
  const heartbeatRules = Object.entries(template.findResources('AWS::Events::Rule')).filter(([id]) => id.includes('CanaryHeartbeat'));

  test('one alarm per watched region on its heartbeat rule\'s successful deliveries: three missing intervals, missing data breaching', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map(a => stack.resolve(a.Properties)).filter(a => a.MetricName === 'SuccessfulInvocationAttempts');
    expect(alarms.map(a => a.AlarmName).sort()).toEqual(breakGlass.watch.watchedRegions.map(region => `${canaryName}-${region}`).sort());
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Events',
        Period: 3600,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        Statistic: 'Sum',
      });
      expect(alarm.AlarmActions).toEqual([stack.resolve(breakGlass.alertTopic.topicArn)]);
    }
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });

  test('one heartbeat rule per watched region: the home one on the default bus, named as the canary; the others on the central bus by the region recorded', () => {
    expect(heartbeatRules).toHaveLength(breakGlass.watch.watchedRegions.length);
    const central = stack.resolve((breakGlass.watch.centralBus!.node.defaultChild as events.CfnEventBus).ref);
    const home = heartbeatRules.filter(([, rule]) => rule.Properties.EventBusName === undefined);
    expect(home.map(([, rule]) => rule.Properties.Name)).toEqual([canaryName]);
    expect(home[0][1].Properties.EventPattern.detail.awsRegion).toBeUndefined();
    const forwarded = heartbeatRules.filter(([, rule]) => rule.Properties.EventBusName !== undefined);
    expect(forwarded.map(([, rule]) => rule.Properties.EventBusName)).toEqual(breakGlass.watch.forwardedRegions.map(() => central));
    expect(forwarded.map(([, rule]) => rule.Properties.EventPattern.detail.awsRegion).sort())
      .toEqual(breakGlass.watch.forwardedRegions.map(r => [r]).sort());
  });

  test('each writes the canary\'s denied attempts to the heartbeat log group', () => {
    const logGroup = stack.resolve((breakGlass.watch.heartbeatLogGroup!.node.defaultChild as any).logicalId);
    for (const [, rule] of heartbeatRules) {
      expect(JSON.stringify(rule.Properties.Targets)).toContain(logGroup);
      expect(rule.Properties.EventPattern.detail.errorCode).toEqual([{ exists: true }]);
    }
  });
});
