import { awscdk, TaskShell } from 'projen';

/**
 * Tasks beyond projen's defaults: the example, strict README examples, the
 * Event Ruler harness and cfn-lint the tests run (from their registries, or
 * offline copies), and packaging of the languages this machine builds.
 */
export function addProjectTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.eslint?.addLintPattern('examples');
  project.eslint?.addLintPattern('bench');

  // The organization hub's check function is an asset bundled from its handler: whatever synthesizes needs it first.
  const bundle = project.tasks.tryFind('bundle')!;
  project.testTask.prependSpawn(bundle);

  project.addTask('example', {
    description: 'Synthesize the example app and print what gets deployed where',
    exec: 'ts-node --project test/tsconfig.json examples/describe.ts',
  }).prependSpawn(bundle);

  project.addTask('diagram', {
    description: 'Print the Mermaid diagram of the example app for the README',
    exec: 'ts-node --project test/tsconfig.json examples/diagram.ts',
  }).prependSpawn(bundle);

  project.addTask('costs', {
    description: "Print the README's idle-cost table, computed from the synthesized templates",
    exec: 'ts-node --project test/tsconfig.json examples/costs.ts',
  }).prependSpawn(bundle);

  const bench = project.addTask('bench', {
    description: 'Print synth time, template bytes, resource counts, alarms, idle cost and the fault table',
    exec: 'ts-node --project test/tsconfig.json bench/synth.ts && ts-node --project test/tsconfig.json bench/regions.ts && ts-node --project test/tsconfig.json bench/organization.ts',
  });
  bench.prependSpawn(bundle);

  const rosetta = project.addTask('rosetta:extract', {
    description: 'Compile every README example under jsii-rosetta --strict',
    // In batches: one TypeScript program compiles every snippet, instead of one program each.
    exec: 'jsii-rosetta extract --strict --batch 1000',
  });
  project.postCompileTask.spawn(rosetta);

  // The Event Ruler harness and cfn-lint come from Maven Central and PyPI; where a registry does
  // not answer, from the copies in ../shared/offline (its README), saying so. They never skip.
  const ruler = project.addTask('ruler:build', {
    description: 'Build the Event Ruler harness that runs synthesized event patterns',
  });
  ruler.exec(fromRegistryOrOffline(
    'maven software.amazon.event.ruler:event-ruler:2.1.0',
    'mvn -q -B -f test/ruler/pom.xml package -DskipTests',
    'Event Ruler harness: Maven dependencies from $OFFLINE/maven-repository',
    // CI's copy of shared/ is read-only: Maven works on a copy.
    'rm -rf test/ruler/target/offline-repository && mkdir -p test/ruler/target && cp -r "$OFFLINE/maven-repository" test/ruler/target/offline-repository && ' +
    'mvn -o -q -B -Dmaven.repo.local="$PWD/test/ruler/target/offline-repository" -f test/ruler/pom.xml package -DskipTests',
  ), { shell: TaskShell.bash() });
  // The tests start the harness's JVM over a hundred times: a class-data archive of
  // a training run halves each start. Options as in test/support/event-ruler.ts.
  ruler.exec(
    'java -XX:ArchiveClassesAtExit=target/event-ruler-harness.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m ' +
    '-jar "$PWD/target/event-ruler-harness.jar" < cds-training.json > /dev/null',
    { cwd: 'test/ruler', shell: TaskShell.system() },
  );
  project.testTask.prependSpawn(ruler);
  // The fault table runs the patterns through Event Ruler.
  bench.spawn(ruler);
  bench.exec('ts-node --project test/tsconfig.json bench/faults.ts');
  bench.exec('ts-node --project test/tsconfig.json bench/organization-faults.ts');

  const cfnLint = project.addTask('cfnlint:install', {
    description: 'Install cfn-lint into .venv for the template gates',
  });
  cfnLint.exec('python3 -m venv .venv');
  cfnLint.exec(fromRegistryOrOffline(
    'pypi',
    '.venv/bin/pip install -q --disable-pip-version-check -r test/cfn-lint-requirements.txt',
    'cfn-lint: wheels from $OFFLINE/python-wheels',
    '.venv/bin/pip install -q --disable-pip-version-check --no-index --find-links "$OFFLINE/python-wheels" -r test/cfn-lint-requirements.txt',
  ), { shell: TaskShell.bash() });
  project.testTask.prependSpawn(cfnLint);

  // checkov and moto come from PyPI too; where it does not answer, from the offline wheels when they are
  // there, and otherwise each says in one line why its tests skip (test/support/python-tools.ts).
  for (const [tool, what] of [['checkov', 'checkov for the template gates'], ['moto', "moto's AWS API server for the functions' tests"]]) {
    project.addTask(`${tool}:install`, { description: `Install ${what} into .venvs/${tool}` })
      .exec(pythonToolInstall(tool), { shell: TaskShell.bash() });
    project.testTask.prependSpawn(project.tasks.tryFind(`${tool}:install`)!);
  }

  // ts-jest only transpiles (isolatedModules): the tests' types are checked here, once.
  const typecheck = project.addTask('test:typecheck', {
    description: 'Type-check the tests and everything they import',
    exec: 'tsc --noEmit -p test/tsconfig.json',
  });
  project.testTask.prependSpawn(typecheck);

  // One jsii-pacmak for every language this machine builds: it loads the assemblies and packs the
  // npm tarball once, and builds the targets in parallel. package:<language> stay for CI.
  const packageAll = project.tasks.tryFind('package-all')!;
  packageAll.reset();
  ['python', 'java', 'go'].forEach(language => packageAll.exec(`scripts/languages.sh check ${language}`));
  packageAll.exec('jsii-pacmak -v --target js $(scripts/languages.sh targets java python go)', { shell: TaskShell.bash() });
  packageAll.spawn(project.tasks.tryFind('package:dotnet')!);
}

/**
 * The README's test command: build and every unit test, then the packages of
 * every language this machine can build, driven from Python, Java, Go and C#,
 * and one line naming the languages built and those skipped.
 */
export function addTestAllTask(project: awscdk.AwsCdkConstructLibrary): void {
  const all = project.addTask('test:all', { description: 'Every test: build, jest, packages, and the Python/Java/Go/C# consumers' });
  all.exec('rm -rf consumers/.languages');
  all.spawn(project.buildTask);
  all.spawn(project.tasks.tryFind('test:consumers')!);
  all.exec('scripts/languages.sh summary');
}

/**
 * A shell step that runs `online` where `scripts/registries.sh CHECK` finds the registry,
 * and otherwise says why and runs `offline`, with OFFLINE set to ../shared/offline (or
 * BREAK_GLASS_OFFLINE).
 */
function fromRegistryOrOffline(check: string, online: string, what: string, offline: string): string {
  return `if reason=$(scripts/registries.sh ${check}); then ${online}; else ` +
    'OFFLINE="${BREAK_GLASS_OFFLINE:-../shared/offline}"; ' +
    `echo "offline: ${what} ($reason)"; ${offline}; fi`;
}

/**
 * A shell step that installs test/TOOL-requirements.txt into the virtual environment .venvs/TOOL: from PyPI
 * where `scripts/registries.sh pypi` finds it; otherwise from the offline wheels when they hold TOOL's; otherwise
 * it writes why to .venvs/TOOL.skipped (the tests read it, and skip saying so) and prints that one line.
 */
function pythonToolInstall(tool: string): string {
  const venv = `.venvs/${tool}`;
  const pip = `${venv}/bin/pip install -q --disable-pip-version-check`;
  const requirements = `test/${tool}-requirements.txt`;
  return `mkdir -p .venvs && rm -f ${venv}.skipped; ` +
    `if reason=$(scripts/registries.sh pypi); then python3 -m venv ${venv} && ${pip} -r ${requirements}; else ` +
    'OFFLINE="${BREAK_GLASS_OFFLINE:-../shared/offline}"; ' +
    `if ls "$OFFLINE/python-wheels" 2>/dev/null | grep -q '^${tool}-'; then ` +
    `echo "offline: ${tool}: wheels from $OFFLINE/python-wheels ($reason)"; ` +
    `python3 -m venv ${venv} && ${pip} --no-index --find-links "$OFFLINE/python-wheels" -r ${requirements}; else ` +
    `echo "skip: ${tool}'s tests: $reason, and $OFFLINE/python-wheels has no ${tool} wheel" | tee ${venv}.skipped; fi; fi`;
}
