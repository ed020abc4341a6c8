import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';

/** What a trail setup made or names: the trail the watch's events come from. */
export interface TrailBinding {
  /** The trail made here. */
  readonly trail?: cloudtrail.Trail;
  /** The ARN of the trail, made here or named by `existingTrail(trailArn)`. */
  readonly trailArn?: string;
}
