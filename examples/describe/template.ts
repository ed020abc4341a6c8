import * as cxapi from 'aws-cdk-lib/cx-api';

/** A resource of a CloudFormation template, as synthesized. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: { [key: string]: any };
  readonly DeletionPolicy?: string;
  /** The name of the template's condition that decides whether the resource is created. */
  readonly Condition?: string;
}

/**
 * One template where it is deployed: a stack's, or a StackSet body in one
 * account (or organizational unit) and region. Its values are read through
 * `resolve`, which turns intrinsics into the names a person knows.
 */
export interface Placement {
  /** The account, or `every account of OU ou-…` for a service-managed StackSet. */
  readonly account: string;
  readonly region: string;
  /** `Stack NAME` or `StackSet NAME`. */
  readonly container: string;
  /** The stack the container belongs to (a StackSet's is the stack that creates it). */
  readonly stackName: string;
  /** The resources created here: those whose condition is false here are left out. */
  readonly resources: { [logicalId: string]: CfnResource };
  /** Resources whose condition cannot be evaluated here, with the condition's name. */
  readonly conditional: { [logicalId: string]: string };
  readonly resolve: (value: unknown) => string;
  /** A person's name for the resource `logicalId` of this template. */
  readonly nameOf: (logicalId: string) => string;
}

/** Properties that hold a resource's physical name, by resource type. */
const NAME_PROPERTY: { [type: string]: string } = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudFormation::StackSet': 'StackSetName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Scheduler::Schedule': 'Name',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::KMS::Alias': 'AliasName',
};

/** What a person calls a resource of each type. */
const KIND: { [type: string]: string } = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::User': 'user',
  'AWS::Events::Rule': 'rule',
  'AWS::Events::EventBus': 'bus',
  'AWS::Logs::LogGroup': 'log group',
  'AWS::SNS::Topic': 'topic',
  'AWS::KMS::Key': 'key',
  'AWS::S3::Bucket': 'bucket',
};

/** What a value that cannot be known before deployment is shown as. */
export const COMPUTED = '(computed at deploy)';

export interface ResolverContext {
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  readonly resources: { [logicalId: string]: CfnResource };
  /** Construct paths by logical id, when the template is a stack's. */
  readonly paths: { [logicalId: string]: string };
  /** Values of the template's parameters, already resolved (a StackSet body's). */
  readonly parameters: { [name: string]: string };
}

/** Builds `resolve` and `nameOf` for one template where it is deployed. */
export function resolver(context: ResolverContext): Pick<Placement, 'resolve' | 'nameOf'> {
  const pseudo: { [name: string]: string } = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': context.account,
    'AWS::Region': context.region,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': context.stackName,
  };
  const naming = new Set<string>();
  const nameOf = (logicalId: string): string => {
    const resource = context.resources[logicalId];
    if (!resource || naming.has(logicalId)) {
      return context.paths[logicalId] ?? logicalId;
    }
    naming.add(logicalId);
    try {
      const props = resource.Properties ?? {};
      const name = NAME_PROPERTY[resource.Type] ? props[NAME_PROPERTY[resource.Type]] : undefined;
      if (name !== undefined) {
        return resolve(name);
      }
      return context.paths[logicalId] ?? (typeof props.Description === 'string' ? props.Description : logicalId);
    } finally {
      naming.delete(logicalId);
    }
  };
  /** `role BreakGlass`: what an ARN names, for a resource of this template. */
  const labelled = (logicalId: string): string => {
    const kind = KIND[context.resources[logicalId]?.Type ?? ''];
    return kind ? `${kind} ${nameOf(logicalId)}` : nameOf(logicalId);
  };
  const ref = (name: string): string => pseudo[name] ?? context.parameters[name] ?? nameOf(name);
  const sub = (text: string): string => text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    const [id] = name.split('.');
    return ref(id);
  });
  const resolve = (value: unknown): string => {
    if (value === undefined || value === null) {
      return '';
    }
    if (typeof value !== 'object') {
      return String(value);
    }
    if (Array.isArray(value)) {
      return value.map(resolve).join(', ');
    }
    const [fn, args] = Object.entries(value as object)[0] ?? [];
    switch (fn) {
      case 'Ref':
        return ref(args);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(args) ? args : String(args).split('.');
        return attribute === 'Arn' ? labelled(id) : nameOf(id);
      }
      case 'Fn::Join':
        return (args[1] as unknown[]).map(resolve).join(args[0]);
      case 'Fn::Sub':
        return sub(Array.isArray(args) ? args[0] : args);
      default:
        return COMPUTED;
    }
  };
  return { resolve, nameOf };
}

/** Construct paths of a stack's resources by logical id, without the stack's name and `/Resource`. */
export function constructPaths(stack: cxapi.CloudFormationStackArtifact): { [logicalId: string]: string } {
  const paths: { [logicalId: string]: string } = {};
  for (const entry of stack.findMetadataByType('aws:cdk:logicalId')) {
    const path = entry.path.split('/').filter(part => part && part !== 'Resource' && part !== 'Default');
    paths[String(entry.data)] = path.slice(1).join('/');
  }
  return paths;
}

/** The resources of `placement` of one type, with their logical ids. */
export function resourcesOfType(placement: Placement, type: string): Array<[string, CfnResource]> {
  return Object.entries(placement.resources).filter(([, resource]) => resource.Type === type);
}
