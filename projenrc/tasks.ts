import { awscdk, TaskShell } from 'projen';

/**
 * Tasks beyond projen's defaults: the example, strict README examples, the
 * Event Ruler harness and cfn-lint the tests run, and .NET packaging that
 * skips where no .NET SDK exists.
 */
export function addProjectTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.eslint?.addLintPattern('examples');
  project.eslint?.addLintPattern('bench');

  project.addTask('example', {
    description: 'Synthesize the example app and print what gets deployed where',
    exec: 'ts-node --project test/tsconfig.json examples/describe.ts',
  });

  project.addTask('diagram', {
    description: 'Print the Mermaid diagram of the example app for the README',
    exec: 'ts-node --project test/tsconfig.json examples/diagram.ts',
  });

  project.addTask('costs', {
    description: "Print the README's idle-cost table, computed from the synthesized templates",
    exec: 'ts-node --project test/tsconfig.json examples/costs.ts',
  });

  project.addTask('bench', {
    description: 'Print synth time, template bytes and resource counts',
    exec: 'ts-node --project test/tsconfig.json bench/synth.ts && ts-node --project test/tsconfig.json bench/regions.ts && ts-node --project test/tsconfig.json bench/organization.ts',
  });

  const rosetta = project.addTask('rosetta:extract', {
    description: 'Compile every README example under jsii-rosetta --strict',
    // In batches: one TypeScript program compiles every snippet, instead of one program each.
    exec: 'jsii-rosetta extract --strict --batch 1000',
  });
  project.postCompileTask.spawn(rosetta);

  const ruler = project.addTask('ruler:build', {
    description: 'Build the Event Ruler harness that runs synthesized event patterns',
    exec: 'mvn -q -B -f test/ruler/pom.xml package -DskipTests',
  });
  // The tests start the harness's JVM over a hundred times: a class-data archive of
  // a training run halves each start. Options as in test/support/event-ruler.ts.
  ruler.exec(
    'java -XX:ArchiveClassesAtExit=target/event-ruler-harness.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m ' +
    '-jar "$PWD/target/event-ruler-harness.jar" < cds-training.json > /dev/null',
    { cwd: 'test/ruler', shell: TaskShell.system() },
  );
  project.testTask.prependSpawn(ruler);

  const cfnLint = project.addTask('cfnlint:install', {
    description: 'Install cfn-lint into .venv for the template gates',
    exec: 'python3 -m venv .venv && .venv/bin/pip install -q --disable-pip-version-check -r test/cfn-lint-requirements.txt',
  });
  project.testTask.prependSpawn(cfnLint);

  // ts-jest only transpiles (isolatedModules): the tests' types are checked here, once.
  const typecheck = project.addTask('test:typecheck', {
    description: 'Type-check the tests and everything they import',
    exec: 'tsc --noEmit -p test/tsconfig.json',
  });
  project.testTask.prependSpawn(typecheck);

  const dotnet = project.tasks.tryFind('package:dotnet');
  dotnet?.reset(
    'if command -v dotnet >/dev/null 2>&1; then jsii-pacmak -v --target dotnet; ' +
    'else echo "package:dotnet skipped: no .NET SDK (dotnet) on this machine"; fi',
    { shell: TaskShell.system() },
  );

  // One jsii-pacmak for every language: it loads the assemblies and packs the npm
  // tarball once, and builds the targets in parallel. package:<language> stay for CI.
  const packageAll = project.tasks.tryFind('package-all');
  packageAll?.reset('jsii-pacmak -v --target js --target java --target python --target go');
  if (dotnet) {
    packageAll?.spawn(dotnet);
  }
}

/**
 * The README's test command: build and every unit test, then the packages of
 * every language this machine can build, driven from Python, Java and Go.
 */
export function addTestAllTask(project: awscdk.AwsCdkConstructLibrary): void {
  const all = project.addTask('test:all', { description: 'Every test: build, jest, packages, and the Python/Java/Go consumers' });
  all.spawn(project.buildTask);
  all.spawn(project.tasks.tryFind('package:dotnet')!);
  all.spawn(project.tasks.tryFind('test:consumers')!);
}
