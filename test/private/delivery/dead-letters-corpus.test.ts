import { SCENARIO } from '../../support/apps';
import { EventBridgeModel } from '../../support/eventbridge-model';
import { FAULTS, faultScenario, faultTable } from '../../support/faults';

/**
 * Nothing lost: the corpus scenario's app (`regions: ['eu-west-1']`) broken one
 * way at a time, every alerting or recorded corpus event and each region's
 * canary heartbeat run through the EventBridge model (Event Ruler for the
 * patterns; retries and dead-letter queues as the EventBridge User Guide's
 * "Using dead-letter queues to process undelivered events" describes them).
 */
describe('the fault table', () => {
  const { deployment, names, events } = faultScenario();
  const results = new Map(faultTable().map(result => [result.fault, result]));
  const result = (fault: string) => results.get(fault)!;
  const heartbeatAlarm = (region: string) => deployment.alarms
    .find(alarm => alarm.metricName === 'SuccessfulInvocationAttempts' && alarm.name.endsWith(`-${region}`))!.name;
  const homeQueueAlarm = deployment.alarms.find(alarm => alarm.namespace === 'AWS/SQS' && alarm.region === SCENARIO.home)!.name;
  const intact = new EventBridgeModel(deployment.rules, {}, deployment.queues).deliver(events.map(e => e.event));
  const alertsIntact = intact.flatMap(o => o.deliveries).filter(d => d.arn === names.alertTopicArn).length;
  const logRecordsIntact = intact.flatMap(o => o.deliveries).filter(d => names.logGroupArns.includes(d.arn)).length;
  const recordedIn = (region: string) => intact.filter((o, i) => events[i].event.region === region && o.deliveries.length > 0).length;

  test('the scenario has alerts, records and a heartbeat in every watched region to lose', () => {
    expect(alertsIntact).toBeGreaterThanOrEqual(5);
    expect(logRecordsIntact).toBeGreaterThanOrEqual(10);
    expect(names.forwarded).toEqual(['eu-west-1', 'us-east-1']);
    for (const region of [SCENARIO.home, ...names.forwarded]) {
      expect(recordedIn(region)).toBeGreaterThan(0);
    }
  });

  test('intact, everything is delivered, nothing kept, no alarm', () => {
    expect(result('none')).toMatchObject({ delivered: alertsIntact + logRecordsIntact, kept: {}, lost: 0, alarms: [] });
  });

  test.each([
    ['alert topic policy refuses EventBridge', 'NO_PERMISSIONS', 0],
    ['alert topic\'s KMS key policy refuses EventBridge', 'NO_PERMISSIONS', 0],
    ['alert topic deleted', 'NO_RESOURCE', 0],
    // Retried for at most the retry policy's 5 minutes, then kept.
    ['alert topic throttling every attempt', 'THROTTLING', 300],
  ])('%s: every alert is kept in the home queue (%s), none lost; the home queue\'s alarm goes off, no heartbeat is missed', (fault, code, delay) => {
    expect(result(fault)).toEqual({
      fault,
      delivered: logRecordsIntact,
      kept: { [SCENARIO.home]: alertsIntact },
      errorCodes: [code],
      maxDelaySeconds: delay,
      lost: 0,
      alarms: [homeQueueAlarm],
    });
  });

  test('the log groups\' resource policy removed: every record and heartbeat is kept at home, every heartbeat alarm and the queue\'s go off', () => {
    expect(result('log groups\' resource policy removed')).toEqual({
      fault: 'log groups\' resource policy removed',
      delivered: alertsIntact,
      kept: { [SCENARIO.home]: logRecordsIntact },
      errorCodes: ['NO_PERMISSIONS'],
      maxDelaySeconds: 0,
      lost: 0,
      alarms: [homeQueueAlarm, ...[SCENARIO.home, ...names.forwarded].map(heartbeatAlarm)].sort(),
    });
  });

  test('the central bus refusing eu-west-1: what eu-west-1 recorded is kept there; only its heartbeat alarm goes off', () => {
    expect(result('central bus policy refusing eu-west-1')).toMatchObject({
      kept: { 'eu-west-1': recordedIn('eu-west-1') },
      errorCodes: ['NO_PERMISSIONS'],
      lost: 0,
      alarms: [heartbeatAlarm('eu-west-1')],
    });
  });

  test('the forwarder role deleted: each forwarded region keeps what it recorded; their heartbeat alarms go off, not the home one\'s', () => {
    expect(result('forwarder role deleted')).toMatchObject({
      kept: Object.fromEntries(names.forwarded.map(region => [region, recordedIn(region)])),
      errorCodes: ['FAILED_TO_ASSUME_ROLE'],
      lost: 0,
      alarms: names.forwarded.map(heartbeatAlarm).sort(),
    });
  });

  test('the control: without the home queue\'s policy the same refused alerts are lost, so the queue is what keeps them', () => {
    expect(result('alert topic policy refuses EventBridge, and the home queue\'s policy removed')).toMatchObject({ kept: {}, lost: alertsIntact, alarms: [] });
  });

  test('every fault is in the table', () => {
    expect([...results.keys()]).toEqual(FAULTS.map(fault => fault.name));
  });
});
