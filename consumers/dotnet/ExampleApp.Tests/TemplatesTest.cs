using System.Reflection;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;
using BreakGlassConsumer;
using Xunit;

namespace BreakGlassConsumer.Tests;

/// <summary>
/// The examples and every part (consumers/every-part.ts), built from the NuGet package, synthesize exactly
/// the templates TypeScript does, stack by stack. `npx projen test:dotnet` writes the TypeScript templates
/// into BREAK_GLASS_REFERENCE_DIR (app.json, organization.json, every-part.json) with the aws-cdk-lib version this project restores (CDK_VERSION).
/// </summary>
public class TemplatesTest
{
    public static TheoryData<string> Examples => new() { "app", "organization", "every-part" };

    [Fact]
    public void TheReferenceUsedTheSameAwsCdkLib()
    {
        var expected = Required("CDK_VERSION");
        // The npm package the .NET assembly embeds and runs.
        var embedded = typeof(App).Assembly.GetCustomAttribute<JsiiAssemblyAttribute>()!;
        Assert.Equal(("aws-cdk-lib", expected), (embedded.Name, embedded.Version));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void TemplatesEqualTypeScript(string example)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Required("BREAK_GLASS_REFERENCE_DIR"), example + ".json")))!.AsObject();
        var outdir = Directory.CreateTempSubdirectory("break-glass-" + example + "-").FullName;
        try
        {
            var app = example switch
            {
                "app" => ExampleApps.CreateExampleApp(outdir),
                "organization" => ExampleApps.CreateOrganizationApp(outdir),
                _ => EveryPart.CreateEveryPartApp(outdir),
            };
            var stacks = app.Synth().StacksRecursively;

            Assert.Equal(expected.Select(stack => stack.Key).Order(), stacks.Select(stack => stack.Id).Order());
            foreach (var stack in stacks)
            {
                var actual = JsonNode.Parse(File.ReadAllText(Path.Combine(outdir, stack.TemplateFile)));
                var difference = FirstDifference(expected[stack.Id], actual, "$");
                Assert.True(difference == null, $"{example} stack {stack.Id}: {difference}");
            }
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
    }

    private static string Required(string name) =>
        System.Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run npx projen test:dotnet");

    /// <summary>Where two JSON values first differ, as a JSONPath with both values; null when equal.</summary>
    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonObject expectedObject && actual is JsonObject actualObject)
        {
            foreach (var key in expectedObject.Select(p => p.Key).Union(actualObject.Select(p => p.Key)))
            {
                if (!expectedObject.ContainsKey(key) || !actualObject.ContainsKey(key))
                {
                    return $"{path}.{key} is {(expectedObject.ContainsKey(key) ? "missing" : "extra")} in C#";
                }
                var difference = FirstDifference(expectedObject[key], actualObject[key], $"{path}.{key}");
                if (difference != null) return difference;
            }
            return null;
        }
        if (expected is JsonArray expectedArray && actual is JsonArray actualArray && expectedArray.Count == actualArray.Count)
        {
            for (var i = 0; i < expectedArray.Count; i++)
            {
                var difference = FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]");
                if (difference != null) return difference;
            }
            return null;
        }
        return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: TypeScript {expected?.ToJsonString()}, C# {actual?.ToJsonString()}";
    }
}
