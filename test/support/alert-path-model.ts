import { App } from 'aws-cdk-lib';
import { SCENARIO } from './apps';
import { CfnContext, CfnTemplate, createdResources, resolveCfn } from './cfn-resolve';
import { matchAll } from './event-ruler';
import { DeployedRule } from './eventbridge-model';
import { AlertPathSettings, ALERT_PATH_SETTINGS_VARIABLE } from '../../src/private/alert-path/alert-path-settings';
import { LiveTopic, PathReaders } from '../../src/private/alert-path/prove-path';

/**
 * The alerting path as the alert path check reads it, offline: the rules, topics and keys an app deploys in
 * its home region, changed as a fault leaves them, answering the check's reads as EventBridge, SNS and KMS
 * would (`TestEventPattern` by Event Ruler, the matcher EventBridge runs).
 */

/** What a fault changed, as the check reads it. */
export interface PathChanges {
  /** Rules, by ARN, disabled (`DisableRule`). */
  readonly disabledRules?: string[];
  /** Rules, by ARN, whose targets were removed (`RemoveTargets`). */
  readonly emptiedRules?: string[];
  /** Rules, by ARN, deleted (`DeleteRule`). */
  readonly deletedRules?: string[];
  /** Topics, by ARN, whose policy was given a statement denying EventBridge `sns:Publish` (`SetTopicAttributes`). */
  readonly deniedTopics?: string[];
  /** Topics, by ARN, deleted (`DeleteTopic`). */
  readonly deletedTopics?: string[];
  /** Topics, by ARN, encrypted with the AWS managed key for SNS (`SetTopicAttributes KmsMasterKeyId alias/aws/sns`). */
  readonly awsManagedKeyTopics?: string[];
}

/** The home stack's alert path check, as deployed: its settings, and the topics' policies and keys. */
export interface DeployedPath {
  readonly settings: AlertPathSettings;
  /** The check's function, as the heartbeat rule's target names it. */
  readonly functionArn: string;
  readonly account: string;
  readonly region: string;
  readonly topics: { [arn: string]: LiveTopic };
}

/** The alert path check of the app's stack in `region` (the home region). */
export function deployedPath(app: App, region = SCENARIO.home): DeployedPath {
  const artifact = app.synth().stacks
    .find(stack => stack.environment.region === region && JSON.stringify(stack.template).includes(ALERT_PATH_SETTINGS_VARIABLE))!;
  const template = artifact.template as CfnTemplate;
  const ctx: CfnContext = { account: artifact.environment.account, region, partition: SCENARIO.partition, template };
  const created = new Set(createdResources(template, ctx));
  const resources = Object.entries(template.Resources).filter(([id]) => created.has(id));
  const fn = resources.find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.[ALERT_PATH_SETTINGS_VARIABLE])!;
  const settings = JSON.parse(resolveCfn(fn[1].Properties.Environment.Variables[ALERT_PATH_SETTINGS_VARIABLE], ctx));
  const policies = resources.filter(([, r]) => r.Type === 'AWS::SNS::TopicPolicy').map(([, r]) => resolveCfn(r.Properties, ctx));
  const topics = Object.fromEntries(resources.filter(([, r]) => r.Type === 'AWS::SNS::Topic').map(([id, r]) => {
    const arn = resolveCfn({ Ref: id }, ctx);
    const statements = policies.filter(p => p.Topics.includes(arn)).flatMap(p => [p.PolicyDocument.Statement].flat());
    const key = r.Properties?.KmsMasterKeyId === undefined ? undefined : String(resolveCfn(r.Properties.KmsMasterKeyId, ctx));
    return [arn, { policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }), kmsMasterKeyId: key }];
  }));
  return { settings, functionArn: resolveCfn({ 'Fn::GetAtt': [fn[0], 'Arn'] }, ctx), account: ctx.account, region, topics };
}

/**
 * The AWS managed key for SNS (`alias/aws/sns`): its policy lets principals of the account use it through SNS
 * only (`kms:CallerAccount`, `kms:ViaService`), and it cannot be changed, so EventBridge cannot publish to a
 * topic it encrypts (Amazon SNS Developer Guide, "Enable compatibility between event sources from AWS services
 * and encrypted topics"; AWS KMS Developer Guide, "AWS managed keys").
 */
export function awsManagedSnsKeyPolicy(account: string, region: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'auto-sns-1',
    Statement: [
      {
        Sid: 'Allow access through SNS for all principals in the account that are authorized to use SNS',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `sns.${region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}

/** The check's reads of `path` and `rules` (the deployment's, every region), as `changes` leave them. */
export function pathReaders(path: DeployedPath, rules: DeployedRule[], changes: PathChanges = {}): PathReaders {
  const has = (list: string[] | undefined, arn: string) => (list ?? []).includes(arn);
  const managedKeyArn = `arn:aws:kms:${path.region}:${path.account}:key/aws-sns-managed`;
  return {
    rule: async (name, bus) => {
      const rule = rules.find(r => r.region === path.region && r.name === name && r.bus === (bus ?? 'default'));
      if (!rule || has(changes.deletedRules, rule.arn)) {
        return undefined;
      }
      return {
        state: has(changes.disabledRules, rule.arn) ? 'DISABLED' : rule.state,
        pattern: JSON.stringify(rule.pattern),
        targetArns: has(changes.emptiedRules, rule.arn) ? [] : rule.targets.map(target => target.arn),
      };
    },
    matches: async (pattern, event) => matchAll([{ pattern: JSON.parse(pattern), event }])[0],
    topic: async arn => {
      const topic = path.topics[arn];
      if (!topic || has(changes.deletedTopics, arn)) {
        return undefined;
      }
      const policy = JSON.parse(topic.policy!);
      const deny = { Sid: 'Silence', Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: arn };
      return {
        policy: JSON.stringify(has(changes.deniedTopics, arn) ? { ...policy, Statement: [...policy.Statement, deny] } : policy),
        kmsMasterKeyId: has(changes.awsManagedKeyTopics, arn) ? 'alias/aws/sns' : topic.kmsMasterKeyId,
      };
    },
    key: async keyId => (keyId === 'alias/aws/sns' ? { arn: managedKeyArn, policy: awsManagedSnsKeyPolicy(path.account, path.region) } : undefined),
  };
}
