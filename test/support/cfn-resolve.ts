/**
 * Resolves the CloudFormation intrinsics a break-glass template uses, the way
 * CloudFormation would in one account and region, so synthesized patterns and
 * input templates can run on real-shaped events.
 */
export interface CfnContext {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** The template whose resources `Ref` and `Fn::GetAtt` name. */
  readonly template: CfnTemplate;
  /** Values of the template's parameters. */
  readonly parameters?: { [name: string]: string };
}

/** A synthesized template, as `Template.toJSON()` gives it. */
export interface CfnTemplate {
  readonly Resources: { [logicalId: string]: { Type: string; Condition?: string; Properties?: any } };
  readonly Conditions?: { [name: string]: unknown };
  readonly Parameters?: { [name: string]: { Default?: string } };
}

/** Resolves every intrinsic inside `value`. */
export function resolveCfn(value: unknown, ctx: CfnContext): any {
  if (Array.isArray(value)) {
    return value.map(item => resolveCfn(item, ctx));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value as object);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    switch (fn) {
      case 'Ref': return ref(arg as string, ctx);
      case 'Fn::GetAtt': return getAtt(arg as [string, string], ctx);
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (resolveCfn(parts, ctx) as string[]).join(separator);
      }
      case 'Fn::Sub': return sub(arg as string, ctx);
      case 'Fn::Equals': {
        const [a, b] = resolveCfn(arg, ctx) as [unknown, unknown];
        return a === b;
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (resolveCfn(list, ctx) as unknown[])[index];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return (resolveCfn(source, ctx) as string).split(separator);
      }
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveCfn(item, ctx)]));
}

function ref(name: string, ctx: CfnContext): string {
  const pseudo: { [name: string]: string } = {
    'AWS::AccountId': ctx.account,
    'AWS::Region': ctx.region,
    'AWS::Partition': ctx.partition,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (name in pseudo) {
    return pseudo[name];
  }
  const parameter = ctx.parameters?.[name] ?? ctx.template.Parameters?.[name]?.Default;
  if (parameter !== undefined) {
    return parameter;
  }
  const resource = ctx.template.Resources[name];
  if (!resource) {
    throw new Error(`Ref to unknown ${name}`);
  }
  switch (resource.Type) {
    case 'AWS::SNS::Topic': return arn(ctx, 'sns', ctx.region, resource.Properties?.TopicName ?? name);
    case 'AWS::SQS::Queue': return `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${physicalName(resource, name, ctx)}`;
    default: return physicalName(resource, name, ctx);
  }
}

function getAtt([logicalId, attribute]: [string, string], ctx: CfnContext): string {
  const resource = ctx.template.Resources[logicalId];
  if (resource?.Type === 'AWS::SQS::Queue' && attribute === 'QueueName') {
    return physicalName(resource, logicalId, ctx);
  }
  // A saved query's id is a UUID CloudWatch Logs gives it: stood in for by one made from its logical id.
  if (resource?.Type === 'AWS::Logs::QueryDefinition' && attribute === 'QueryDefinitionId') {
    return `query-${logicalId}`;
  }
  if (!resource || attribute !== 'Arn') {
    throw new Error(`Fn::GetAtt ${logicalId}.${attribute} is not modelled`);
  }
  const name = physicalName(resource, logicalId, ctx);
  switch (resource.Type) {
    case 'AWS::IAM::Role': return arn(ctx, 'iam', '', `role${resource.Properties?.Path ?? '/'}${name}`);
    case 'AWS::Events::EventBus': return arn(ctx, 'events', ctx.region, `event-bus/${name}`);
    // A rule on a custom bus is `rule/BUS/NAME`.
    case 'AWS::Events::Rule': {
      const bus = resource.Properties?.EventBusName === undefined ? undefined : String(resolveCfn(resource.Properties.EventBusName, ctx)).split('/').pop();
      return arn(ctx, 'events', ctx.region, bus === undefined || bus === 'default' ? `rule/${name}` : `rule/${bus}/${name}`);
    }
    case 'AWS::SQS::Queue': return arn(ctx, 'sqs', ctx.region, name);
    case 'AWS::Logs::LogGroup': return arn(ctx, 'logs', ctx.region, `log-group:${name}:*`);
    case 'AWS::SNS::Topic': return arn(ctx, 'sns', ctx.region, name);
    case 'AWS::Lambda::Function': return arn(ctx, 'lambda', ctx.region, `function:${name}`);
    default: throw new Error(`Fn::GetAtt Arn of ${resource.Type} is not modelled`);
  }
}

function sub(text: string, ctx: CfnContext): string {
  // `${!name}` is CloudFormation's escape for a literal `${name}`.
  return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) =>
    (name.startsWith('!') ? `\${${name.slice(1)}}` : name.includes('.') ? getAtt(name.split('.') as [string, string], ctx) : ref(name, ctx)));
}

function physicalName(resource: { Type: string; Properties?: any }, logicalId: string, ctx: CfnContext): string {
  const props = resource.Properties ?? {};
  return resolveCfn(props.RoleName ?? props.Name ?? props.LogGroupName ?? props.TopicName ?? props.QueueName ?? props.FunctionName ?? logicalId, ctx);
}

function arn(ctx: CfnContext, service: string, region: string, resource: string): string {
  const account = service === 'iam' || region ? ctx.account : '';
  return `arn:${ctx.partition}:${service}:${region}:${account}:${resource}`;
}

/** The logical ids of the resources CloudFormation creates in the context's account and region: those whose `Condition` holds. */
export function createdResources(template: CfnTemplate, ctx: CfnContext): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Condition === undefined || resolveCfn(template.Conditions?.[resource.Condition], ctx) === true)
    .map(([logicalId]) => logicalId);
}
