import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Username } from '../src';

// What each identity puts in the trust policy is proven on request contexts in trust-policy.test.ts.
describe('Username', () => {
  test('iamUser names the user', () => {
    expect(Username.iamUser('alice').toString()).toBe("Username.iamUser('alice')");
  });

  test('fromUser takes the name of an imported user', () => {
    const stack = new Stack(new App());
    expect(Username.fromUser(iam.User.fromUserName(stack, 'Bob', 'bob')).toString()).toBe("Username.fromUser('bob')");
  });

  test('fromUser accepts a user whose name is a token, and names it by its construct path', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(Username.fromUser(new iam.User(stack, 'Dave')).toString()).toBe('Username.fromUser(Stack/Dave)');
  });

  test('federated names the session and the role it arrives through', () => {
    expect(Username.federated('dave@example.com', 'saml/Engineers').toString()).toBe("Username.federated('dave@example.com', 'saml/Engineers')");
  });

  test('identityCenter names the user and the permission set', () => {
    expect(Username.identityCenter('carol@example.com', 'Admin').toString()).toBe("Username.identityCenter('carol@example.com', 'Admin')");
  });

  test('has no constructor callable from JavaScript', () => {
    const construct = () => new (Username as any)('FEDERATED', '*');
    expect(construct).toThrow(/Username has no public constructor: make it with Username.iamUser\(name\)/);
  });
});
