import { awscdk, Task, TaskShell } from 'projen';

/** Where `consumers:reference` writes the TypeScript templates the Python, Java and Go consumer tests compare against. */
const REFERENCE = 'consumers/reference';
/** Checks, records and reports which languages this machine builds (see the script). */
const LANGUAGES = 'scripts/languages.sh';
/** The C# consumer, and the aws-cdk-lib it uses (NuGet's Amazon.CDK.Lib differs from the npm pin). */
const DOTNET = 'consumers/dotnet';
const DOTNET_REFERENCE = `${DOTNET}/reference`;

/** A step that runs only where `language` was found ready. */
const when = (language: string, more = '') => ({ condition: `${LANGUAGES} ready ${language}${more}` });

/**
 * Tasks that prove the jsii packages work: Python, Java, Go and C# programs build
 * the README examples from the packages in dist/ and must synthesize exactly the
 * templates TypeScript does. Each language runs where its toolchain and registry
 * are; elsewhere it prints one `skipped:` line (scripts/languages.sh).
 */
export function addConsumerTasks(project: awscdk.AwsCdkConstructLibrary): void {
  // The npm tarball is embedded in every language package: keep the cfn-lint
  // virtualenv (160 MB) and the consumers' builds out of it.
  project.npmignore?.exclude('/.venv/', '/.venvs/', '/consumers/', '/scripts/');
  project.gitignore.exclude(`/${REFERENCE}`);
  project.eslint?.addLintPattern('consumers');

  // Each consumer task writes the reference: ts-node only transpiles, and the
  // script's types are checked with the tests' (test:typecheck).
  project.tsconfigDev.addInclude('../consumers/*.ts');
  project.tsconfigDev.addInclude('../consumers/dotnet/*.ts');
  // These tasks compare templates. aws-cdk-lib's synth-time template validation (a rule
  // engine that takes seconds in every synthesizing process) is off here: it does not change
  // a template, and test/gates.test.ts runs it on the example apps' stacks and others.
  const noValidation = { CDK_VALIDATION: 'false' };
  const reference = project.addTask('consumers:reference', {
    description: 'Write the templates the examples and consumers/every-part.ts synthesize in TypeScript',
    env: noValidation,
    exec: `ts-node --transpile-only --project test/tsconfig.json consumers/reference-template.ts ${REFERENCE}`,
  });

  const libVersion = '$(node -p "require(\'./package.json\').version")';
  const env = {
    ...noValidation,
    // Each consumer pins aws-cdk-lib to the version the reference was synthesized with.
    CDK_VERSION: '$(node -p "require(\'aws-cdk-lib/package.json\').version")',
    LIB_VERSION: libVersion,
    BREAK_GLASS_REFERENCE_DIR: `$(realpath ${REFERENCE})`,
  };

  /** A task that checks `language`, then compiles and packages where it is ready and no package is fresh. */
  const consumerTask = (language: string, description: string, taskEnv: { [name: string]: string } = env): Task => {
    const task = project.addTask(`test:${language}`, { description, env: taskEnv, shell: TaskShell.bash() });
    // Unless test:consumers checked every language already (and said what it skips).
    task.exec(`${LANGUAGES} check ${language}`, { condition: '[ -z "$LANGUAGES_CHECKED" ]' });
    // jsii-pacmak packages the compiled assembly and the bundled handlers (assets/), which a fresh
    // clone lacks (and a new handler): compile alone would package a library whose functions cannot be synthesized.
    task.spawn(project.preCompileTask, when(language, ` && ${LANGUAGES} unbundled`));
    task.spawn(project.compileTask, when(language, ' && [ ! -f .jsii ]'));
    // Repackage only when no package is newer than the last compile, so a CI run packages once.
    task.spawn(project.tasks.tryFind(`package:${language}`)!, when(language, ` && [ -n "$(${LANGUAGES} targets --stale ${language})" ]`));
    return task;
  };
  // test:consumers writes the reference once for every language it runs.
  const whenAlone = (language: string) => when(language, ' && [ -z "$LANGUAGES_CHECKED" ]');
  const driven = (task: Task, language: string) => task.exec(`${LANGUAGES} driven ${language}`, when(language));

  const python = consumerTask('python', 'Build both examples and every part in Python from the wheel in dist/python, and compare with TypeScript');
  python.spawn(reference, whenAlone('python'));
  python.exec('python3 -m venv .venv', { cwd: 'consumers/python', ...when('python') });
  // A rebuilt wheel keeps its version, so pip would keep the installed one.
  python.exec('.venv/bin/pip uninstall -q -y aws-break-glass-role', { cwd: 'consumers/python', ...when('python') });
  python.exec(
    '.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt "aws-cdk-lib==$CDK_VERSION" ../../dist/python/*.whl',
    { cwd: 'consumers/python', ...when('python') },
  );
  python.exec('.venv/bin/python -m pytest -p no:cacheprovider', { cwd: 'consumers/python', ...when('python') });
  driven(python, 'python');

  const java = consumerTask('java', 'Build both examples and every part in Java from the jar in dist/java, and compare with TypeScript');
  java.spawn(reference, whenAlone('java'));
  // Installed, not read from dist/java as a repository: Maven never re-fetches a
  // cached release, so a rebuilt 0.0.0 jar would go unseen.
  const jar = 'dist/java/io/github/awsbreakglassrole/aws-break-glass-role/$LIB_VERSION/aws-break-glass-role-$LIB_VERSION';
  java.exec(`mvn -q -B -f consumers/java/pom.xml install:install-file -Dfile="$PWD/${jar}.jar" -DpomFile="$PWD/${jar}.pom"`, when('java'));
  java.exec('mvn -B -ntp -f consumers/java/pom.xml test -Dcdk.version="$CDK_VERSION" -Dbreak-glass-role.version="$LIB_VERSION"', when('java'));
  driven(java, 'java');

  const go = consumerTask('go', 'Build both examples and every part in Go from the module in dist/go, and compare with TypeScript');
  go.spawn(reference, whenAlone('go'));
  // go.mod cannot take the version from the command line: check it instead.
  go.exec(
    'test "$(go list -m -f "{{.Version}}" github.com/aws/aws-cdk-go/awscdk/v2)" = "v$CDK_VERSION" || ' +
    '{ echo "consumers/go/go.mod must require awscdk v$CDK_VERSION: go get github.com/aws/aws-cdk-go/awscdk/v2@v$CDK_VERSION && go mod tidy"; exit 1; }',
    { cwd: 'consumers/go', ...when('go') },
  );
  go.exec('go test -count=1 ./...', { cwd: 'consumers/go', ...when('go') });
  driven(go, 'go');

  const dotnet = addDotnetTasks(project, consumerTask, libVersion);
  driven(dotnet, 'dotnet');

  const all = project.addTask('test:consumers', {
    description: 'Build the examples from the Python, Java, Go and .NET packages and compare with TypeScript',
  });
  // CI's build packages only js: package the languages this machine builds with one jsii-pacmak
  // run, in parallel, rather than one run each (each run loads the assemblies and packs npm again).
  const packages = project.addTask('package:consumers', {
    description: 'Package Python, Java and Go, where this machine builds them, with one jsii-pacmak run',
    exec: `targets=$(${LANGUAGES} targets --stale python java go); if [ -n "$targets" ]; then jsii-pacmak -v $targets; fi`,
    shell: TaskShell.bash(),
  });
  ['python', 'java', 'go', 'dotnet'].forEach(language => all.exec(`${LANGUAGES} check ${language}`));
  all.spawn(project.preCompileTask, { condition: `${LANGUAGES} unbundled` });
  all.spawn(project.compileTask, { condition: '[ ! -f .jsii ]' });
  all.spawn(packages);
  all.spawn(reference, { condition: ['python', 'java', 'go'].map(language => `${LANGUAGES} ready ${language}`).join(' || ') });
  [python, java, go, dotnet].forEach(task => all.spawn(task, { env: { LANGUAGES_CHECKED: 'true' } }));
}

/**
 * The .NET package and its C# consumer. NuGet serves Amazon.CDK.Lib from 2.267.0 only, so the C#
 * side runs with the aws-cdk-lib of consumers/dotnet/reference/package.json, and the TypeScript
 * reference is synthesized with that same version (resolve-cdk.js points aws-cdk-lib there).
 */
function addDotnetTasks(
  project: awscdk.AwsCdkConstructLibrary,
  consumerTask: (language: string, description: string, env: { [name: string]: string }) => Task,
  libVersion: string,
): Task {
  const cdkVersion = `$(node -p "require('./${DOTNET_REFERENCE}/package.json').dependencies['aws-cdk-lib']")`;

  const pack = project.tasks.tryFind('package:dotnet')!;
  pack.reset(`${LANGUAGES} check dotnet`);
  // NuGet may lack versions the package's dependencies need: build them from npm first.
  pack.exec(`ts-node --project test/tsconfig.json ${DOTNET}/stand-ins.ts dist/dotnet "${cdkVersion}"`, when('dotnet'));
  // Restored into the consumer's package folder, so the build leaves the user's NuGet cache alone.
  pack.exec(`jsii-pacmak -v --target dotnet --dotnet-nuget-global-packages-folder ${DOTNET}`, when('dotnet'));

  const test = consumerTask('dotnet', 'Build both examples and every part in C# from the package in dist/dotnet, compare with TypeScript, and compile the README in C#', {
    CDK_VALIDATION: 'false',
    CDK_VERSION: cdkVersion,
    LIB_VERSION: libVersion,
    BREAK_GLASS_REFERENCE_DIR: `$(realpath ${DOTNET_REFERENCE})`,
    JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
  });
  test.exec(`npm ci --prefix ${DOTNET_REFERENCE} --no-audit --no-fund --silent`, when('dotnet'));
  test.exec(
    `ts-node --transpile-only --project test/tsconfig.json -r ./${DOTNET_REFERENCE}/resolve-cdk.js consumers/reference-template.ts ${DOTNET_REFERENCE}`,
    when('dotnet'),
  );
  // A rebuilt package keeps its version, so NuGet would keep the restored one.
  test.exec(`rm -rf ${DOTNET}/.nuget/packages/awsbreakglassrole/$LIB_VERSION`, when('dotnet'));
  test.exec(`dotnet test ${DOTNET}/ExampleApp.Tests -p:CdkVersion=$CDK_VERSION -p:BreakGlassRoleVersion=$LIB_VERSION`, when('dotnet'));
  // The C# translations of the README's and API docs' examples, from the tablet rosetta:extract writes.
  test.spawn(project.tasks.tryFind('rosetta:extract')!, when('dotnet', ' && { [ ! -f .jsii.tabl.json ] || [ .jsii -nt .jsii.tabl.json ]; }'));
  test.exec(`ts-node --project test/tsconfig.json ${DOTNET}/snippets.ts`, when('dotnet'));
  return test;
}
