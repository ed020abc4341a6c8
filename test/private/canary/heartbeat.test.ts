import { Template } from 'aws-cdk-lib/assertions';
import { scenarioApp } from '../../support/apps';

describe('the heartbeat', () => {
  const { breakGlass, stack } = scenarioApp({ regions: ['eu-west-1'] });
  const template = Template.fromStack(stack);

  test('one heartbeat alarm per watched region: three missing intervals, missing data breaching, notifying the alert topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map(a => stack.resolve(a.Properties)).filter(a => a.Namespace === 'BreakGlass/Canary');
    expect(alarms.map(a => a.Dimensions[0].Value).sort()).toEqual([...breakGlass.watch.watchedRegions].sort());
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
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
  });

  test('the metric filter counts heartbeats by the region CloudTrail recorded', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [{ MetricNamespace: 'BreakGlass/Canary', MetricValue: '1', Dimensions: [{ Key: 'Region', Value: '$.detail.awsRegion' }] }],
    });
  });

  test('its rules, at home and on the central bus, write the canary\'s denied attempts to the heartbeat log group', () => {
    const logGroup = stack.resolve((breakGlass.watch.heartbeatLogGroup!.node.defaultChild as any).logicalId);
    const rules = Object.entries(template.findResources('AWS::Events::Rule')).filter(([id]) => id.includes('CanaryHeartbeat'));
    expect(rules).toHaveLength(2);
    for (const [, rule] of rules) {
      expect(JSON.stringify(rule.Properties.Targets)).toContain(logGroup);
      expect(rule.Properties.EventPattern.detail.errorCode).toEqual([{ exists: true }]);
    }
  });
});
