import { awscdk, javascript } from 'projen';
import { addConsumerTasks } from './projenrc/consumers';
import { addProjectTasks, addTestAllTask } from './projenrc/tasks';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'aws-break-glass-role',
  description:
    'An emergency break-glass IAM role that few may assume, alerts on every assumption or attempt, and records what is done with it in every region.',
  author: 'aws-break-glass-role maintainers',
  authorAddress: 'maintainers@aws-break-glass-role.dev',
  repositoryUrl: 'https://github.com/aws-break-glass-role/aws-break-glass-role.git',
  license: 'Apache-2.0',
  keywords: ['awscdk', 'cdk', 'break-glass', 'iam', 'security', 'cloudtrail', 'eventbridge', 'alerting'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  sampleCode: false,

  // The newest aws-cdk-lib that npm, PyPI, Maven Central and the Go module proxy
  // all serve, so every language package builds and is tested against the same one.
  cdkVersion: '2.263.0',
  // The lowest constructs the library needs: aws-cdk-lib's own floor (its peer dependency).
  constructsVersion: '10.5.0',
  jsiiVersion: '~6.0.0',
  // The tests run with the aws-cdk-lib declared as the floor, and with a constructs that cdk-nag
  // (peer ^10.5.1) accepts too (below): pinned here, not derived from the peer ranges.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'aws-cdk-lib@2.263.0', 'cdk-nag@^3', '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // The organization's heartbeat check calls these; Lambda's Node.js runtime provides them, so the bundle leaves them out.
    '@aws-sdk/client-organizations@^3', '@aws-sdk/client-cloudwatch-logs@^3', '@aws-sdk/client-sns@^3',
    // The readiness check reads IAM, IAM Identity Center and its identity store.
    '@aws-sdk/client-iam@^3', '@aws-sdk/client-sso-admin@^3', '@aws-sdk/client-identitystore@^3',
    // The alert path check reads the alerting rules and the topics' and keys' policies.
    '@aws-sdk/client-eventbridge@^3', '@aws-sdk/client-kms@^3',
    // The tests read what the functions publish from SQS queues subscribed to the topics, in AWS's emulation (moto).
    '@aws-sdk/client-sqs@^3',
  ],
  // Handlers (`*.lambda.ts`) are bundled at build into `assets/`, shipped in the package.
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_24_X },
  // commit-and-tag-version 13 and its conventional-changelog packages need Node 22; 12 runs on
  // the Node 20 this project supports, and keeps `npm ci` free of their engine warnings.
  bumpPackage: 'commit-and-tag-version@^12',

  publishToPypi: {
    distName: 'aws-break-glass-role',
    module: 'aws_break_glass_role',
  },
  publishToMaven: {
    javaPackage: 'io.github.awsbreakglassrole',
    mavenGroupId: 'io.github.awsbreakglassrole',
    mavenArtifactId: 'aws-break-glass-role',
  },
  publishToNuget: {
    dotNetNamespace: 'AwsBreakGlassRole',
    packageId: 'AwsBreakGlassRole',
  },
  publishToGo: {
    moduleName: 'github.com/aws-break-glass-role/aws-break-glass-role-go',
    packageName: 'awsbreakglassrole',
  },

  jestOptions: {
    // A changed snapshot must fail; `npx projen test:update` refreshes them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/consumers/'],
      // Both cores run test files; a worker that grows past 1 GB is replaced
      // between files, so the aws-cdk-lib module graphs each file loads do not pile up.
      maxWorkers: 2,
      workerIdleMemoryLimit: '1GB',
      // Coverage of every file held at once took over 5 GB; `npx jest --coverage` still reports it.
      collectCoverage: false,
      // aws-cdk-lib's synth-time template validation off, but in the gates (see the file).
      setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
    },
  },
  gitignore: ['cdk.out/', '.jsii.tabl.json', 'cdk-integ.out.*', '/examples/cdk.out/', 'test/ruler/target/', '/.venv/', '/.venvs/', '__pycache__/', '/consumers/**/target/', '/consumers/**/.venv/',
    '/consumers/.languages/', '/consumers/dotnet/.nuget/', '/consumers/dotnet/**/bin/', '/consumers/dotnet/**/obj/', '/consumers/dotnet/reference/node_modules/', '/consumers/dotnet/reference/*.json', '!/consumers/dotnet/reference/package*.json', '/consumers/dotnet/ExampleApp/cdk.out/', '/consumers/dotnet/Snippets/Translations/'],
});

// Added after the peer, which would otherwise replace it.
project.addDevDeps('constructs@10.8.1');
addProjectTasks(project);
// The readiness check's reads through the AWS SDK, bundled with its handler: the SDK is the Lambda runtime's, as for the handler.
project.eslint?.allowDevDeps('src/private/readiness-check/observe.ts');
// The alert path check reads EventBridge, SNS and KMS through the AWS SDK, likewise.
project.eslint?.allowDevDeps('src/private/alert-path/alert-path-check.lambda.ts');
addConsumerTasks(project);
// jsii-pacmak copies node_modules' versions of these into the Go module: keep
// them at what awscdk v2.263.0 requires, the versions the Go proxy serves.
project.package.addField('overrides', { '@aws-cdk/cloud-assembly-schema': '54.11.0', '@aws-cdk/asset-node-proxy-agent-v6': '2.1.2' });
addTestAllTask(project);
project.npmignore?.exclude('/.ci/', '/bench/', '/examples/', '/rosetta/*.ts-fixture.js');

project.synth();
