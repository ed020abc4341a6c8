import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassRole, LogActions, TrailSetup, Username } from '../../../src';
import { ENV } from '../../support/apps';
import { deployedRules, loadEvents, outcomes } from '../../support/scenario';

/**
 * A role that lives under a path (`role/ops/BreakGlassOps`), imported by name:
 * the construct cannot know the path, and matches the role by its name under
 * any path, in its account. Its events run through the synthesized rules with
 * Event Ruler and the EventBridge model.
 */
const EVENTS = loadEvents('path');

function app(role: (stack: Stack) => iam.IRole): App {
  const result = new App();
  const stack = new Stack(result, 'Home', { env: ENV });
  new BreakGlassRole(stack, 'BreakGlass', {
    role: role(stack),
    usernames: [Username.iamUser('alice')],
    logActions: LogActions.ALL,
    trail: TrailSetup.existingTrail(),
  });
  return result;
}

describe('a role imported by name, living under /ops/', () => {
  const results = outcomes(deployedRules(app(stack => iam.Role.fromRoleName(stack, 'Existing', 'BreakGlassOps'))), EVENTS.map(e => e.event));

  test('has events in the corpus that alert, are recorded, and are left alone', () => {
    expect(EVENTS.filter(e => e.expect.alert).length).toBeGreaterThanOrEqual(3);
    expect(EVENTS.filter(e => e.expect.actions !== null).length).toBeGreaterThanOrEqual(1);
    expect(EVENTS.filter(e => !e.expect.alert && e.expect.actions === null).length).toBeGreaterThanOrEqual(3);
  });

  test.each(EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, corpusEvent, i) => {
    expect({ alert: results[i].alerts.length > 0, actionLogged: results[i].actionLogged })
      .toEqual({ alert: corpusEvent.expect.alert, actionLogged: corpusEvent.expect.actions !== null });
  });
});

describe('a role imported by an ARN with its path, used as given', () => {
  const results = outcomes(deployedRules(app(stack => iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111122223333:role/ops/BreakGlassOps'))),
    EVENTS.map(e => e.event));

  test.each(EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, corpusEvent, i) => {
    expect({ alert: results[i].alerts.length > 0, actionLogged: results[i].actionLogged })
      .toEqual({ alert: corpusEvent.expect.alert, actionLogged: corpusEvent.expect.actions !== null });
  });
});

describe('a role imported by an ARN without a path, used as given', () => {
  // The ARN says the role is at the root: a role of that name under /ops/ is another role's ARN, and is not matched.
  const results = outcomes(deployedRules(app(stack => iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111122223333:role/BreakGlassOps'))),
    EVENTS.map(e => e.event));
  const byFile = (file: string) => results[EVENTS.findIndex(e => e.file === `path/${file}.json`)];

  test('an assumption under /ops/ does not match the role at the root', () => {
    expect(byFile('alert-assumerole-role-under-path').alerts).toEqual([]);
    expect(byFile('action-write-role-under-path').actionLogged).toBe(false);
  });
});
