import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Username, UsernameKind } from '../src';

describe('Username', () => {
  test('iamUser keeps the user name', () => {
    const username = Username.iamUser('alice');
    expect([username.kind, username.name]).toEqual([UsernameKind.IAM_USER, 'alice']);
  });

  test('fromUser takes the name of an imported user', () => {
    const stack = new Stack(new App());
    const username = Username.fromUser(iam.User.fromUserName(stack, 'Bob', 'bob'));
    expect([username.kind, username.name]).toEqual([UsernameKind.IAM_USER, 'bob']);
  });

  test('fromUser accepts a user whose name is a token', () => {
    const stack = new Stack(new App());
    const username = Username.fromUser(new iam.User(stack, 'Dave'));
    expect(username.kind).toBe(UsernameKind.IAM_USER);
  });

  test('federated keeps the session name', () => {
    const username = Username.federated('carol@example.com');
    expect([username.kind, username.name]).toEqual([UsernameKind.FEDERATED, 'carol@example.com']);
  });
});
