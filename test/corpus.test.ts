import { LogActions } from '../src';
import { deployedRules, loadEvents, outcomes, scenarioApp } from './support/scenario';

const EVENTS = loadEvents('corpus', 'extra');

describe.each([
  ['the default regions (home and us-east-1)', [] as string[]],
  ['every region', ['*']],
])('corpus events with %s', (_name, regions) => {
  const { app } = scenarioApp({ regions, logActions: LogActions.ALL });
  const results = outcomes(deployedRules(app), EVENTS.map(e => e.event));
  const seen = (e: typeof EVENTS[number]) => !e.expect.needsRegion || regions.includes('*');

  test.each(EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, corpusEvent, i) => {
    const result = results[i];
    const shouldAlert = corpusEvent.expect.alert && seen(corpusEvent);
    const shouldLog = corpusEvent.expect.actions !== null && seen(corpusEvent);
    expect({ alert: result.alerts.length > 0, actionLogged: result.actionLogged })
      .toEqual({ alert: shouldAlert, actionLogged: shouldLog });
    if (shouldAlert) {
      // One alert per event, even when it passes through the central bus.
      expect(result.alerts).toHaveLength(1);
      expect(result.alerts[0]).toContain(`${corpusEvent.event.detail.eventName} ${corpusEvent.expect.result ?? 'Success'}.`);
    }
  });
});
