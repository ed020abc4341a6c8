import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAccessKeyCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateSAMLProviderCommand, CreateUserCommand, CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand, IAMClient,
} from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readinessClients, runReadiness } from '../../../src/private/readiness-check/readiness-check.lambda';
import { ReadinessSettings } from '../../../src/private/readiness-check/readiness-settings';
import { withMotoServer } from '../../support/moto-server';

/**
 * The readiness check's handler, its AWS SDK clients made as the function
 * makes them, against moto's emulation of IAM (users, login profiles, virtual
 * MFA devices, access keys, roles, SAML providers), SNS (subscriptions,
 * Publish delivered to SQS queues subscribed to the topics, which the test
 * reads) and CloudWatch Logs (the kept verdict).
 *
 * moto has no policy simulator (`SimulatePrincipalPolicy`): the break-glass
 * role is left out here, so the run reports it missing and simulates nothing;
 * the simulation's answers, and IAM Identity Center's, are run against the
 * in-repo fake (readiness-check.test.ts).
 */

withMotoServer(moto => {

  test('users with and without MFA, a password or a key, a SAML provider, a subscribed and an unsubscribed topic, against moto: each problem said once, the verdict kept and read back', async () => {
    const config = moto.server.clientConfig;
    const iam = new IAMClient(config);
    const user = async (name: string, options: { mfa?: boolean; password?: boolean; key?: boolean }) => {
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (options.password) {
        await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Correct-Horse-Battery-9', PasswordResetRequired: false }));
      }
      if (options.mfa) {
        const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
        await iam.send(new EnableMFADeviceCommand({
          UserName: name, SerialNumber: VirtualMFADevice!.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321',
        }));
      }
      if (options.key) {
        await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      }
    };
    await user('alice', { mfa: true, password: true });
    await user('nomfa', { password: true });
    await user('nopass', { mfa: true });
    await user('keyed', { mfa: true, password: true, key: true });
    const metadata = '<?xml version="1.0"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"/>';
    const { SAMLProviderArn } = await iam.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata }));
    await iam.send(new CreateRoleCommand({
      RoleName: 'SamlEngineers',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: SAMLProviderArn }, Action: 'sts:AssumeRoleWithSAML' }],
      }),
    }));

    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const topic = async (name: string, subscribed: boolean) => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      if (subscribed) {
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }));
      }
      return { topicArn: TopicArn!, queueUrl: QueueUrl! };
    };
    const alert = await topic('alerts', true);
    const chat = await topic('chat', false);

    const logs = new CloudWatchLogsClient(config);
    const settings: ReadinessSettings = {
      roleArn: 'arn:aws:iam::123456789012:role/BreakGlass',
      region: 'us-east-2',
      users: ['alice', 'nomfa', 'nopass', 'keyed'],
      federated: [{ sessionName: 'dave@example.com', role: 'SamlEngineers' }],
      identityCenter: [],
      identityCenterRegion: 'us-east-2',
      allowAccessKeys: false,
      drillDays: 90,
      alertTopicArn: alert.topicArn,
      chatTopicArn: chat.topicArn,
      logGroup: '/aws/lambda/BreakGlass-Readiness',
      verdictStream: 'readiness-verdicts',
    };
    await logs.send(new CreateLogGroupCommand({ logGroupName: settings.logGroup }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: settings.logGroup, logStreamName: settings.verdictStream }));

    const clients = readinessClients(settings.identityCenterRegion, config);
    const now = Date.now();
    const first = await runReadiness(settings, clients, now, async () => undefined);
    expect(first.findings.map(f => `${f.problem} ${f.subject}`).sort()).toEqual([
      'access-key Username.iamUser(\'keyed\')',
      'mfa-missing Username.iamUser(\'nomfa\')',
      `no-subscriber ${chat.topicArn}`,
      'password-missing Username.iamUser(\'nopass\')',
      `role-missing ${settings.roleArn}`,
    ]);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: alert.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const published = (Messages ?? []).map(m => JSON.parse(m.Body!));
    expect(published).toHaveLength(1);
    expect(published[0].Subject).toBe('Break-glass readiness: 5 problems with BreakGlass');
    expect(published[0].Message).toContain('Fix: Assign an MFA device to nomfa');

    // The next run reads the verdict it kept, and says nothing.
    const second = await runReadiness(settings, clients, now + 60_000, async () => undefined);
    expect(second.change).toBeUndefined();
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: alert.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect(again.Messages ?? []).toEqual([]);
  }, 120_000);
});
