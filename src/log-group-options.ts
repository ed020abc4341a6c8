import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * How the log groups a break-glass construct makes are kept.
 */
export interface BreakGlassLogGroupOptions {
  /**
   * How long every log group the construct makes keeps its events.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * What happens to the log groups when they leave the stack. They hold audit
   * records, so they are kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logGroupRemovalPolicy?: RemovalPolicy;

  /**
   * Customer-managed KMS key that encrypts the construct's log groups and alert
   * topic. A key made in the same app gets the key-policy statements CloudWatch
   * Logs and EventBridge need; an imported key's policy must already allow them.
   *
   * @default - AWS-managed encryption
   */
  readonly encryptionKey?: kms.IKey;
}
