import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/** What an action log offers the alerts of its watch: where actions are recorded, and the saved query of each session's. */
export interface ActionLogOffer {
  /** The watch whose role's actions are recorded. */
  readonly watch: IConstruct;
  readonly logGroup: logs.ILogGroup;
  /** The saved query of what each session did. */
  readonly sessionsQueryName: string;
}

/** Where a part keeps its offer: on itself, never in the watch. */
const OFFER = Symbol.for('aws-break-glass-role.action-log-offer');

/** Marks `part` as the action log of `offer.watch`. */
export function offerActionLog(part: IConstruct, offer: ActionLogOffer): void {
  Object.defineProperty(part, OFFER, { value: offer });
}

/**
 * The action log of `watch`, read from the constructs of its stack when
 * asked (an alert asks at synthesis, when every part exists): of several,
 * the one whose construct path sorts first, whichever was made first.
 */
export function actionLogOf(watch: IConstruct): ActionLogOffer | undefined {
  return Stack.of(watch).node.findAll()
    .filter(construct => (construct as { [OFFER]?: ActionLogOffer })[OFFER]?.watch === watch)
    .sort((a, b) => a.node.path.localeCompare(b.node.path))
    .map(construct => (construct as { [OFFER]?: ActionLogOffer })[OFFER]!)[0];
}
