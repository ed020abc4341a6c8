/**
 * Runs before every test file. aws-cdk-lib validates every synthesized template
 * with its built-in CloudFormation rules (a WebAssembly engine started again in
 * each test file), then downgrades what it finds to printed warnings: on its own
 * it fails no test, and it took three quarters of the suite's time. The tests turn
 * it off here; test/gates.test.ts runs it, in construct-library strict mode where a
 * finding fails synthesis, on every template the library can deploy.
 */
process.env.CDK_VALIDATION = 'false';
