import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { requireFactoryMade } from './factory-made';
import { TrailBinding } from './trail-binding';
import { TrailSetup } from '../trail-setup';

/**
 * Applies a trail setup; without one, warns that events only arrive where a
 * trail logs them.
 */
export function applyTrailSetup(scope: Construct, setup: TrailSetup | undefined): TrailBinding {
  if (setup === undefined) {
    Annotations.of(scope).addWarningV2('aws-break-glass-role:noTrail',
      'EventBridge receives CloudTrail API events only while a trail logs management events in the account and region. ' +
      'Without one, no break-glass alert fires and no action is recorded. Set trail: TrailSetup.existingTrail() if an ' +
      'organization or account trail already does, or TrailSetup.createTrail() to make one.');
    return {};
  }
  requireFactoryMade('trail', setup, TrailSetup);
  return setup._bind(scope);
}
