import { faultMarkdown, faultTable } from '../test/support/faults';

/**
 * The fault table: the corpus scenario's app (`regions: ['eu-west-1']`) broken
 * one way at a time, through the EventBridge model and Event Ruler (built by
 * `npx projen ruler:build`, which `test:all` runs): what is delivered, kept in
 * which region's dead-letter queue, lost, and which alarms go off.
 *
 * Run: npx ts-node --project test/tsconfig.json bench/faults.ts
 */
console.log(faultMarkdown(faultTable(), name => name
  .replace(/^.*-Canary-(.+)$/, 'heartbeat $1')
  .replace(/^.*-DeadLetters$/, 'home queue')));
