import { awscdk } from 'projen';

/**
 * Tasks beyond projen's defaults: the example, strict README examples, the
 * Event Ruler harness the detection tests run on, and .NET packaging that
 * skips where no .NET SDK exists.
 */
export function addProjectTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.eslint?.addLintPattern('examples');
  project.eslint?.addLintPattern('bench');

  project.addTask('example', {
    description: 'Synthesize the example app and print what gets deployed where',
    exec: 'ts-node --project test/tsconfig.json examples/describe.ts',
  });

  const rosetta = project.addTask('rosetta:extract', {
    description: 'Compile every README example under jsii-rosetta --strict',
    exec: 'jsii-rosetta extract --strict',
  });
  project.postCompileTask.spawn(rosetta);

  const ruler = project.addTask('ruler:build', {
    description: 'Build the Event Ruler harness that runs synthesized event patterns',
    exec: 'mvn -q -B -f test/ruler/pom.xml package -DskipTests',
  });
  project.testTask.prependSpawn(ruler);

  const dotnet = project.tasks.tryFind('package:dotnet');
  dotnet?.reset(
    'if command -v dotnet >/dev/null 2>&1; then jsii-pacmak -v --target dotnet; ' +
    'else echo "package:dotnet skipped: no .NET SDK (dotnet) on this machine"; fi',
  );
}
