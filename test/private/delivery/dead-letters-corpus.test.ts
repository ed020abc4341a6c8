import { SCENARIO } from '../../support/apps';
import { EventBridgeModel } from '../../support/eventbridge-model';
import { alertingRuleFaults, FaultResult, FAULTS, faultScenario, faultTable, PATH_BROKEN } from '../../support/faults';

/**
 * Nothing lost: the corpus scenario's app (`regions: ['eu-west-1']`) broken one
 * way at a time, every alerting or recorded corpus event and each region's
 * canary heartbeat run through the EventBridge model (Event Ruler for the
 * patterns; retries and dead-letter queues as the EventBridge User Guide's
 * "Using dead-letter queues to process undelivered events" describes them).
 */
describe('the fault table', () => {
  const { deployment, names, events, path } = faultScenario();
  let results: Map<string, FaultResult>;
  beforeAll(async () => {
    results = new Map((await faultTable()).map(result => [result.fault, result]));
  });
  const result = (fault: string) => results.get(fault)!;
  const heartbeatAlarm = (region: string) => deployment.alarms
    .find(alarm => alarm.metricName === 'SuccessfulInvocationAttempts' && alarm.name.endsWith(`-${region}`))!.name;
  const homeQueueAlarm = deployment.alarms.find(alarm => alarm.namespace === 'AWS/SQS' && alarm.region === SCENARIO.home)!.name;
  const intact = new EventBridgeModel(deployment.rules, {}, deployment.queues).deliver(events.map(e => e.event));
  const alertsIntact = intact.flatMap(o => o.deliveries).filter(d => d.arn === names.alertTopicArn).length;
  const logRecordsIntact = intact.flatMap(o => o.deliveries).filter(d => names.logGroupArns.includes(d.arn)).length;
  // The home region's heartbeat also starts the alert path check.
  const pathRuns = intact.flatMap(o => o.deliveries).filter(d => d.arn === path.functionArn).length;
  const recordedIn = (region: string) => intact.filter((o, i) => events[i].event.region === region && o.deliveries.length > 0).length;

  test('the scenario has alerts, records and a heartbeat in every watched region to lose', () => {
    expect(alertsIntact).toBeGreaterThanOrEqual(5);
    expect(logRecordsIntact).toBeGreaterThanOrEqual(10);
    expect(names.forwarded).toEqual(['eu-west-1', 'us-east-1']);
    for (const region of [SCENARIO.home, ...names.forwarded]) {
      expect(recordedIn(region)).toBeGreaterThan(0);
    }
  });

  test('intact, everything is delivered, nothing kept, the path proven, no alarm', () => {
    expect(pathRuns).toBe(1);
    expect(result('none')).toMatchObject({ delivered: alertsIntact + logRecordsIntact + pathRuns, kept: {}, lost: 0, pathProblems: [], alarms: [] });
  });

  test('no heartbeat reaches a person: whatever the fault, no canary attempt is delivered to a topic', () => {
    for (const fault of FAULTS) {
      const outcomes = new EventBridgeModel(deployment.rules, fault.breakage(names), deployment.queues).deliver(events.map(e => e.event));
      const toTopics = outcomes.filter((_o, i) => events[i].file.startsWith('canary/')).flatMap(o => o.deliveries).filter(d => d.arn.includes(':sns:'));
      expect(toTopics).toEqual([]);
    }
  });

  test.each([
    ['login rule AssumeRoleFailed disabled', /is disabled: it alerts nobody/],
    ['login rule AssumeRole\'s targets removed', /no longer delivers to the topic/],
    ['tamper rules rule disabled', /Tamper-Rules, which alerts people, is disabled/],
  ])('%s: the home heartbeat\'s check names it, its run is kept in the home queue, whose alarm tells people at once', (fault, problem) => {
    expect(result(fault)).toMatchObject({
      kept: { [SCENARIO.home]: 1 },
      errorCodes: [PATH_BROKEN],
      maxDelaySeconds: 0,
      lost: 0,
      pathProblems: [expect.stringMatching(problem)],
      alarms: [homeQueueAlarm],
    });
  });

  test.each([
    ['alert topic policy refuses EventBridge', 'NO_PERMISSIONS', 0],
    ['alert topic\'s KMS key refuses EventBridge (the AWS managed key set on it)', 'NO_PERMISSIONS', 0],
    ['alert topic deleted', 'NO_RESOURCE', 0],
    // Retried for at most the retry policy's 5 minutes, then kept.
    ['alert topic throttling every attempt', 'THROTTLING', 300],
  ])('%s: every alert is kept in the home queue (%s), none lost; the check names the topic; the home queue\'s alarm goes off, no heartbeat is missed',
    (fault, code, delay) => {
      const throttled = code === 'THROTTLING';
      expect(result(fault)).toEqual({
        fault,
        delivered: logRecordsIntact + pathRuns,
        // A throttling topic refuses nothing the check can read; the others' run is kept beside the alerts.
        kept: { [SCENARIO.home]: alertsIntact + (throttled ? 0 : 1) },
        errorCodes: throttled ? [code] : [PATH_BROKEN, code].sort(),
        maxDelaySeconds: delay,
        lost: 0,
        pathProblems: throttled ? [] : [expect.stringContaining(names.alertTopicArn)],
        alarms: [homeQueueAlarm],
      });
    });

  test('the log groups\' resource policy removed: every record and heartbeat is kept at home, the queue\'s alarm and the forwarded regions\' heartbeat alarms go off (the home heartbeat still reaches the check)', () => {
    expect(result('log groups\' resource policy removed')).toEqual({
      fault: 'log groups\' resource policy removed',
      delivered: alertsIntact + pathRuns,
      pathProblems: [],
      kept: { [SCENARIO.home]: logRecordsIntact },
      errorCodes: ['NO_PERMISSIONS'],
      maxDelaySeconds: 0,
      lost: 0,
      alarms: [homeQueueAlarm, ...names.forwarded.map(heartbeatAlarm)].sort(),
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

  test('the control: without the home queue\'s policy the same refused alerts are lost, so the queue is what keeps them; the check\'s run, sent by its role, still sets off the alarm', () => {
    expect(result('alert topic policy refuses EventBridge, and the home queue\'s policy removed')).toMatchObject({
      kept: { [SCENARIO.home]: 1 }, errorCodes: [PATH_BROKEN], lost: alertsIntact, alarms: [homeQueueAlarm],
    });
  });

  test('every home rule that alerts people, disabled or emptied of its targets, is told at the next home heartbeat through the home queue\'s alarm', async () => {
    const faults = alertingRuleFaults(deployment, names);
    // The login rules of both buses, the tamper and identity rules.
    expect(faults.length).toBeGreaterThanOrEqual(2 * (8 + 10));
    for (const broken of await faultTable(faults)) {
      expect(broken).toMatchObject({ fault: broken.fault, kept: { [SCENARIO.home]: 1 }, lost: 0, alarms: [homeQueueAlarm] });
      expect([broken.fault, broken.errorCodes, broken.pathProblems.length]).toEqual([broken.fault, [PATH_BROKEN], 1]);
    }
  });

  test('every fault is in the table', () => {
    expect([...results.keys()]).toEqual(FAULTS.map(fault => fault.name));
  });
});
