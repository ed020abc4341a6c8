import { faultMarkdown, faultTable } from '../test/support/faults';

/**
 * The fault table: the corpus scenario's app (`regions: ['eu-west-1']`) broken
 * one way at a time, through the EventBridge model and Event Ruler (built by
 * `npx projen ruler:build`, which `test:all` runs): what is delivered, kept in
 * which region's dead-letter queue, lost, what the home heartbeat's alert path
 * check found, and which alarms go off.
 *
 * Run: npx ts-node --project test/tsconfig.json bench/faults.ts
 */
void faultTable().then(results => console.log(faultMarkdown(results, name => name
  .replace(/^.*-Canary-(.+)$/, 'heartbeat $1')
  .replace(/^.*-DeadLetters$/, 'home queue'))));
