/**
 * Runs before every test file. aws-cdk-lib validates every synthesized template
 * with its built-in CloudFormation rules (a WebAssembly engine started again in
 * each test file), then downgrades what it finds to printed warnings: on its own
 * it fails no test, and it took three quarters of the suite's time. The tests turn
 * it off here; test/gates.test.ts runs it on the stacks of the defaults, a
 * full-featured app and both examples, and fails on any finding, warnings included
 * (as construct-library strict mode would). cfn-lint checks the StackSet bodies.
 */
process.env.CDK_VALIDATION = 'false';
