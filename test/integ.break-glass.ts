/**
 * Deployable integration test: proves in a real account what no offline test
 * can — that CloudTrail delivers a break-glass assumption to EventBridge, that
 * the alert reaches the topic's subscribers, and that an action done with the
 * role lands in the action log.
 *
 * It deploys a break-glass role admitting one role session: the drill
 * function the test deploys beside it, through the function's execution role. The drill assumes the
 * role and writes one SSM parameter with it. The assertions then wait for the
 * alert on an SQS queue subscribed to the topic and for the `PutParameter`
 * event in the action log. The canary runs every five minutes, and a last
 * assertion waits for its denied attempt, recorded by CloudTrail in
 * us-east-1, to arrive in the heartbeat log group (which feeds the heartbeat
 * metric and its alarm): the Scheduler's call is recorded in the region of the
 * schedule, and the denied event carries the role it tried. The alert path
 * check is run as a heartbeat runs it, against the real EventBridge, SNS and
 * topic policy: whole, then with a login rule disabled (it must fail, naming
 * the rule), and the rule is enabled again.
 *
 * Needs an account with a CloudTrail trail logging management events in
 * us-east-1. The assertions are custom resources of the stack under test, so
 * deploying it runs them:
 * `npx aws-cdk@2.1148.1 deploy --app "npx ts-node --prefer-ts-exts test/integ.break-glass.ts"`.
 * Offline, `test/integ-snapshot.test.ts` checks its templates against the committed snapshot.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Aspects, CfnResource, Duration, IAspect, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { IConstruct } from 'constructs';
import { BreakGlassRole, LogActions, TrailSetup, Username } from '../src';
import { answerCheckov, CheckovAnswer } from '../src/private/checkov';

const DRILL_FUNCTION = 'break-glass-integ-drill';

/** The integration test's app: the stack under test and its assertions. */
export function createIntegApp(): App {
  const app = new App();
  const stack = new Stack(app, 'BreakGlassInteg', { env: { region: 'us-east-1' } });

  const parameter = new ssm.StringParameter(stack, 'DrillParameter', { stringValue: 'untouched' });
  const alertTopic = new sns.Topic(stack, 'AlertTopic', { enforceSSL: true });
  const alerts = new sqs.Queue(stack, 'Alerts', { enforceSSL: true, retentionPeriod: Duration.hours(1) });
  alertTopic.addSubscription(new subscriptions.SqsSubscription(alerts, { rawMessageDelivery: true }));

  const breakGlass = new BreakGlassRole(stack, 'BreakGlass', {
    // A Lambda function's role session is named after the function, through its execution role (made below).
    usernames: [Username.federated(DRILL_FUNCTION, Lazy.string({ produce: (): string => drill.role!.roleName }))],
    policyStatements: [new iam.PolicyStatement({ actions: ['ssm:PutParameter'], resources: [parameter.parameterArn] })],
    alertTopic,
    logActions: LogActions.WRITE,
    // us-east-1 alone, the region the test deploys to and its trail logs: the drill calls its STS endpoint.
    regions: ['us-east-1'],
    trail: TrailSetup.existingTrail(),
    // The shortest interval, so the heartbeat arrives while the assertions wait.
    canaryInterval: Duration.minutes(5),
  });

  const drill: lambda.Function = new lambda.Function(stack, 'Drill', {
    functionName: DRILL_FUNCTION,
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    timeout: Duration.seconds(30),
    environment: { ROLE_ARN: breakGlass.role.roleArn, PARAMETER: parameter.parameterName },
    code: lambda.Code.fromInline([
      'import os, boto3',
      'def handler(event, context):',
      '    creds = boto3.client("sts").assume_role(RoleArn=os.environ["ROLE_ARN"], RoleSessionName="integ-drill")["Credentials"]',
      '    ssm = boto3.client("ssm", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])',
      '    ssm.put_parameter(Name=os.environ["PARAMETER"], Value="drill", Overwrite=True)',
      '    return {"assumed": True}',
    ].join('\n')),
  });
  breakGlass.grantAssume(drill);
  // What the test adds around the construct lives while the test runs and carries only its drill's messages.
  answerCheckov(alertTopic, { id: 'CKV_AWS_26', comment: `${TEST_ONLY} The topic carries the drill's alerts.` });
  answerCheckov(alerts, { id: 'CKV_AWS_27', comment: `${TEST_ONLY} The queue holds the drill's alerts for an hour.` });
  TEST_FUNCTION.forEach(answer => answerCheckov(drill, answer));

  const integ = new IntegTest(app, 'BreakGlassIntegTest', { testCases: [stack], regions: ['us-east-1'], assertionStack: stack });

  integ.assertions.invokeFunction({ functionName: drill.functionName })
    .expect(ExpectedResult.objectLike({ Payload: '{"assumed": true}' }))
    .next(integ.assertions.awsApiCall('SQS', 'receiveMessage', { QueueUrl: alerts.queueUrl, WaitTimeSeconds: 20 })
      .expect(ExpectedResult.objectLike({
        Messages: [{ Body: ExpectedResult.stringLikeRegexp('AssumeRole Success') }],
      }))
      .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) }))
    .next(integ.assertions.awsApiCall('CloudWatchLogs', 'filterLogEvents', {
      logGroupName: breakGlass.actionLogGroup!.logGroupName,
      filterPattern: '"PutParameter"',
    }).expect(ExpectedResult.objectLike({
      events: [{ message: ExpectedResult.stringLikeRegexp('PutParameter') }],
    })).waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) }))
    .next(integ.assertions.awsApiCall('CloudWatchLogs', 'filterLogEvents', {
      logGroupName: breakGlass.watch.heartbeatLogGroup!.logGroupName,
      filterPattern: '"AssumeRole"',
    }).expect(ExpectedResult.objectLike({
      events: [{ message: ExpectedResult.stringLikeRegexp('"awsRegion":"us-east-1".*"errorCode":"AccessDenied"|"errorCode":"AccessDenied".*"awsRegion":"us-east-1"') }],
    })).waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(60) }));

  // The alert path check against the real EventBridge, SNS and its topic policy: a heartbeat-shaped run proves the
  // path whole (the handler returns null); with the denied-attempt rule disabled, the run fails naming it; enabled again.
  const pathCheck = breakGlass.watch._alertPathFunctionName!;
  const heartbeat = stack.toJsonString({ id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', account: stack.account, time: '2026-12-07T00:00:00Z', region: stack.region });
  const failedAttempts = breakGlass.loginAlert.rules.find(rule => rule.node.id === 'AssumeRoleFailedRule')!;
  integ.assertions.invokeFunction({ functionName: pathCheck, payload: heartbeat })
    .expect(ExpectedResult.objectLike({ Payload: 'null' }))
    .next(integ.assertions.awsApiCall('EventBridge', 'disableRule', { Name: failedAttempts.ruleName }))
    .next(integ.assertions.invokeFunction({ functionName: pathCheck, payload: heartbeat })
      .expect(ExpectedResult.objectLike({ FunctionError: 'Unhandled', Payload: ExpectedResult.stringLikeRegexp('which alerts people, is disabled') })))
    .next(integ.assertions.awsApiCall('EventBridge', 'enableRule', { Name: failedAttempts.ruleName }));
  Aspects.of(stack).add(new AnswerForAssertionProviders());
  return app;
}

const TEST_ONLY = 'Made by the integration test, for as long as it runs.';

/** checkov's findings on the test's Lambda functions (its drill, and the assertions' providers). */
const TEST_FUNCTION: CheckovAnswer[] = [
  { id: 'CKV_AWS_115', comment: `${TEST_ONLY} It runs a few times, in one test.` },
  { id: 'CKV_AWS_116', comment: `${TEST_ONLY} It is invoked synchronously: a failure fails the test.` },
  { id: 'CKV_AWS_117', comment: `${TEST_ONLY} It calls AWS APIs only.` },
  { id: 'CKV_AWS_173', comment: `${TEST_ONLY} Its environment holds names and ARNs, no secret.` },
];

/**
 * Answers checkov on the Lambda functions and roles integ-tests-alpha makes to run the assertions
 * (its `SingletonFunction`s): its roles may call the asserted APIs on any resource.
 */
class AnswerForAssertionProviders implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || !node.node.path.includes('/SingletonFunction')) {
      return;
    }
    if (node.cfnResourceType === 'AWS::Lambda::Function') {
      TEST_FUNCTION.filter(answer => answer.id !== 'CKV_AWS_173').forEach(answer => answerCheckov(node, answer));
    } else if (node.cfnResourceType === 'AWS::IAM::Role') {
      answerCheckov(node, { id: 'CKV_AWS_111', comment: `${TEST_ONLY} The assertions' provider may call the asserted APIs on any resource.` });
    }
  }
}

if (require.main === module) {
  createIntegApp().synth();
}
