import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * What an action log tells the watch it is made on, for the alerts of that
 * watch: where actions are recorded, and the saved query of each session's.
 */
export interface ActionLogOffer {
  /** The action log. */
  readonly part: IConstruct;
  readonly logGroup: logs.ILogGroup;
  /** The saved query of what each session did. */
  readonly sessionsQueryName: string;
}

/**
 * The action logs made on one watch, each told by the action log itself
 * (the one thing a part tells its watch), for the alerts of the watch to point to.
 */
export class ActionLogs {
  private readonly offers: ActionLogOffer[] = [];

  /** Told by an action log made on the watch. */
  public offer(offer: ActionLogOffer): void {
    this.offers.push(offer);
  }

  /** The one an alert points to: of several, the one whose path sorts first, whichever was made first. Asked at synthesis. */
  public get first(): ActionLogOffer | undefined {
    return [...this.offers].sort((a, b) => a.part.node.path.localeCompare(b.part.node.path))[0];
  }
}
