import { LogActions } from '../src';
import { scenarioApp } from './support/apps';
import { EventBridgeModel } from './support/eventbridge-model';
import { deployedRules, isAssumptionRecord, loadEvents, outcomes } from './support/scenario';

const EVENTS = loadEvents('corpus', 'extra');

describe.each([
  ['the default regions (home and us-east-1)', [] as string[]],
  ['every region', ['*']],
])('corpus events with %s', (_name, regions) => {
  const { app } = scenarioApp({ regions, logActions: LogActions.ALL });
  const rules = deployedRules(app);
  const results = outcomes(rules, EVENTS.map(e => e.event));
  // How many records each event leaves in the action log group: as an action, and as an assumption.
  const inActionLog = new EventBridgeModel(rules).deliver(EVENTS.map(e => e.event))
    .map(o => o.deliveries.filter(d => d.arn.includes(':logs:') && d.arn.includes('LogActions')));
  const records = inActionLog.map(deliveries => deliveries.filter(d => !isAssumptionRecord(d.rule)).length);
  const assumptions = inActionLog.map(deliveries => deliveries.filter(d => isAssumptionRecord(d.rule)).length);
  const seen = (e: typeof EVENTS[number]) => !e.expect.needsRegion || regions.includes('*');

  test.each(EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, corpusEvent, i) => {
    const result = results[i];
    const shouldAlert = corpusEvent.expect.alert && seen(corpusEvent);
    const shouldLog = corpusEvent.expect.actions !== null && seen(corpusEvent);
    expect({ alert: result.alerts.length > 0, actionLogged: result.actionLogged })
      .toEqual({ alert: shouldAlert, actionLogged: shouldLog });
    // One record per action, even when it passes through the central bus.
    expect(records[i]).toBe(shouldLog ? 1 : 0);
    // And each successful assumption recorded once beside the actions: who obtained the session.
    const assumed = shouldAlert && /^AssumeRole/.test(corpusEvent.event.detail.eventName) && corpusEvent.event.detail.errorCode === undefined;
    expect(assumptions[i]).toBe(assumed ? 1 : 0);
    if (shouldAlert) {
      // One alert per event, even when it passes through the central bus.
      expect(result.alerts).toHaveLength(1);
      expect(result.alerts[0]).toContain(`${corpusEvent.event.detail.eventName} ${corpusEvent.expect.result ?? 'Success'}.`);
    }
  });
});
