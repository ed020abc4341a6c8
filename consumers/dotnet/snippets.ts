import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { gunzipSync } from 'zlib';

/**
 * Compiles the C# translation of every example jsii-rosetta translated (the README's and
 * the API docs' `@example`s, in .jsii.tabl.json) against the .NET package: the .NET side of
 * `rosetta:extract --strict`. Each goes in the class its TypeScript fixture declares, with
 * the fixture's imports as `using`s; a value the snippet only declares (`declare const role:
 * iam.IRole`, which C# translates to `IRole role;`) is given `default!`, as the fixture gives
 * TypeScript a value. Prints how many compile, names each that does not, and fails then.
 *
 *   ts-node consumers/dotnet/snippets.ts     (env: CDK_VERSION, the Amazon.CDK.Lib, and LIB_VERSION, the package's)
 */

const PROJECT = join('consumers', 'dotnet', 'Snippets');
const OUT = join(PROJECT, 'Translations');

interface Snippet {
  readonly translations: { readonly csharp: { readonly source: string } };
  readonly location: { readonly api: { readonly api: string; readonly fqn?: string }; readonly field: { readonly line?: number } };
  readonly fullSource: string;
}

const tablet = JSON.parse(readFileSync('.jsii.tabl.json', 'utf-8')) as { snippets: { [key: string]: Snippet } };
const namespaces = dotnetNamespaces();
const fixtures = new Map(['default', 'imports'].map(name => {
  const source = readFileSync(join('rosetta', `${name}.ts-fixture`), 'utf-8');
  return [name, { source, usings: [...source.matchAll(/from '([^']+)'/g)].map(([, module]) => namespaces(module)) }];
}));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const files = new Map<string, string>();
Object.values(tablet.snippets)
  .sort((a, b) => where(a).localeCompare(where(b), undefined, { numeric: true }))
  .forEach((snippet, index) => {
    const file = `Snippet${String(index + 1).padStart(2, '0')}.cs`;
    files.set(file, where(snippet));
    writeFileSync(join(OUT, file), wrap(snippet, index + 1));
  });

let output = '';
let failed = false;
try {
  output = execFileSync('dotnet', ['build', PROJECT, `-p:CdkVersion=${process.env.CDK_VERSION}`, `-p:BreakGlassRoleVersion=${process.env.LIB_VERSION}`],
    { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch (error) {
  output = String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
  failed = true;
}
// Errors name their file: `…/Translations/Snippet07.cs(12,5): error CS0103: …`.
const errors = new Map<string, Set<string>>();
for (const [, file, message] of output.matchAll(/Translations\/(Snippet\d+\.cs)\(\d+,\d+\): error (CS\d+: [^[\n]*)/g)) {
  errors.set(file, (errors.get(file) ?? new Set()).add(message.trim()));
}
console.log(`C# translations of the examples (${files.size}: README and API docs): ${files.size - errors.size} of ${files.size} compile against the package`);
for (const [file, messages] of errors) {
  console.log(`  ${files.get(file)} (${OUT}/${file}): ${[...messages].join('; ')}`);
}
if (failed) {
  if (errors.size === 0) {
    console.log(output);
  }
  process.exit(1);
}

/** Where a snippet comes from, as a reader finds it. */
function where(snippet: Snippet): string {
  const { api, field } = snippet.location;
  return api.api === 'moduleReadme' ? `README.md line ${field.line}` : `the @example of ${api.fqn}`;
}

/** The translation in the fixture's class, with the fixture's and the snippet's usings. */
function wrap(snippet: Snippet, number: number): string {
  const fixture = snippet.fullSource.includes(fixtures.get('imports')!.source.split('\n')[0]) ? 'imports' : 'default';
  const lines = snippet.translations.csharp.source.split('\n');
  const own = lines.filter(line => line.startsWith('using '));
  const usings = [...new Set([...fixtures.get(fixture)!.usings.map(ns => `using ${ns};`), ...own])];
  const body = lines.filter(line => !line.startsWith('using '))
    // A declared value, `IRole role;`: the fixture gives it one.
    .map(line => line.replace(/^([A-Z][\w.]*(?:<[\w.,\s]+>)?(?:\[\])?) (\w+);$/, '$1 $2 = default!;'));
  return [
    `// ${where(snippet)}, as jsii-rosetta translates it to C#, in the class of rosetta/${fixture}.ts-fixture.`,
    '#nullable enable',
    ...usings,
    '',
    `namespace Snippets.Snippet${String(number).padStart(2, '0')}`,
    '{',
    '    internal class Fixture : Stack',
    '    {',
    '        public Fixture(Construct scope, string id) : base(scope, id, new StackProps',
    '        {',
    '            Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "us-east-2" },',
    '        })',
    '        {',
    ...body.map(line => (line ? `            ${line}` : '')),
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

/** The C# namespace of a TypeScript import: from the jsii assemblies of this package and aws-cdk-lib. */
function dotnetNamespaces(): (module: string) => string {
  const own = JSON.parse(readFileSync('.jsii', 'utf-8'));
  const cdk = JSON.parse(gunzipSync(readFileSync(join('node_modules', 'aws-cdk-lib', '.jsii.gz'))).toString('utf-8'));
  return module => {
    if (module === own.name) {
      return own.targets.dotnet.namespace;
    }
    if (module === 'constructs') {
      return 'Constructs';
    }
    if (module === 'aws-cdk-lib') {
      return cdk.targets.dotnet.namespace;
    }
    const submodule = cdk.submodules[`aws-cdk-lib.${module.replace(/^aws-cdk-lib\//, '').replace(/-/g, '_')}`];
    if (!submodule?.targets?.dotnet?.namespace) {
      throw new Error(`no C# namespace known for the fixture's import of ${module}`);
    }
    return submodule.targets.dotnet.namespace;
  };
}
