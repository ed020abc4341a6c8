using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;
using AwsBreakGlassRole;
using Xunit;

namespace BreakGlassConsumer.Tests;

/// <summary>
/// Values C# can hand in where TypeScript's types would refuse them: subclasses of the factory-made
/// classes, an enum value out of range, a null in a list, a wildcard. Each is refused by the construct itself,
/// with its own message, while the app is built: nothing is synthesized.
/// </summary>
public class ForgedInputTest
{
    private sealed class ForgedUsername : Username { public ForgedUsername() : base(new DeputyProps(Array.Empty<object>())) { } }
    private sealed class ForgedTrailSetup : TrailSetup { public ForgedTrailSetup() : base(new DeputyProps(Array.Empty<object>())) { } }
    private sealed class ForgedRegionalDeployment : RegionalDeployment { public ForgedRegionalDeployment() : base(new DeputyProps(Array.Empty<object>())) { } }
    private sealed class ForgedDeployer : Deployer { public ForgedDeployer() : base(new DeputyProps(Array.Empty<object>())) { } }

    /// <summary>A BreakGlassRole in a new app: the props given, over a valid role. Returns the app, unsynthesized.</summary>
    private static App Role(Action<BreakGlassRoleProps> change)
    {
        var app = new App();
        var stack = new Stack(app, "Forged", new StackProps
        {
            Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "us-east-2" },
        });
        var props = new BreakGlassRoleProps { Usernames = new[] { Username.IamUser("alice") }, Trail = TrailSetup.ExistingTrail() };
        change(props);
        new BreakGlassRole(stack, "BreakGlass", props);
        return app;
    }

    public static TheoryData<string, Action, string> Cases => new()
    {
        { "a C# subclass of Username", () => new ForgedUsername(),
            "Username has no public constructor: make it with Username.iamUser(name)" },
        { "a C# subclass of TrailSetup", () => Role(p => p.Trail = new ForgedTrailSetup()),
            "TrailSetup has no public constructor: make it with TrailSetup.existingTrail() or TrailSetup.createTrail()" },
        { "a C# subclass of RegionalDeployment", () => Role(p => p.RegionalDeployment = new ForgedRegionalDeployment()),
            "RegionalDeployment has no public constructor: make it with RegionalDeployment.stackSet() or RegionalDeployment.regionalStacks()" },
        { "a C# subclass of Deployer", () => Role(p => p.Deployer = new ForgedDeployer()),
            "Deployer has no public constructor: make it with Deployer.newRole(), Deployer.newUser(userName), Deployer.existingRole(roleName)" },
        // jsii's own check refuses it first, before the construct runs (whose check stands behind it for JavaScript).
        { "a null inside Usernames", () => Role(p => p.Usernames = new Username[] { Username.IamUser("alice"), null! }),
            "Key 'usernames': Unable to deserialize value as array<aws-break-glass-role.Username>" },
        { "an empty Usernames", () => Role(p => p.Usernames = Array.Empty<Username>()),
            "usernames must name at least one identity" },
        { "IdentityCenter(\"*\", \"Admin\")", () => Username.IdentityCenter("*", "Admin"),
            "Username.identityCenter(userName, permissionSetName): userName got '*', which is not valid" },
        { "IamUser(\"a*\")", () => Username.IamUser("a*"),
            "Username.iamUser(name) got 'a*', which is not valid" },
        { "a wildcard service", () => Role(p => p.LogServices = new[] { "*" }),
            "logServices has '*', which is not a service prefix" },
        { "a wildcard in a region", () => Role(p => p.Regions = new[] { "eu-*" }),
            "regions has 'eu-*', which is not a known AWS region" },
        { "a wildcard bootstrap region", () => new BreakGlassDeployer(new Stack(new App(), "Forged"), "Deployer",
                new BreakGlassDeployerProps { Deployer = Deployer.NewRole(), BootstrapRegions = new[] { "*" } }),
            "bootstrapRegions has '*', which is not a region code" },
        { "a wildcard trail name", () => TrailSetup.CreateTrail(new CreateTrailOptions { TrailName = "*" }),
            "trailName is '*', which is not a trail name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedByTheConstruct(string what, Action build, string message)
    {
        var error = Assert.ThrowsAny<Exception>(build);
        Assert.True(error.Message.Contains(message), $"{what}: {error.GetType().Name}: {error.Message}");
    }

    /// <summary>
    /// An enum value C# casts from a number reaches no construct: jsii's .NET runtime leaves the prop out of the
    /// call (its kernel request has no logActions), so the role is built as if logActions were not given. The
    /// construct cannot refuse what it never receives; the README says so. This fails if the runtime starts to
    /// pass the value on, and then the construct's own refusal applies.
    /// </summary>
    [Fact]
    public void AnEnumValueOutOfRangeIsDroppedByTheRuntime()
    {
        string Template(App app) => File.ReadAllText(Path.Combine(app.Synth().Directory, "Forged.template.json"));

        var cast = Template(Role(p => p.LogActions = (LogActions)7));
        var unset = Template(Role(_ => { }));
        var all = Template(Role(p => p.LogActions = LogActions.ALL));

        Assert.Equal(unset, cast);
        Assert.NotEqual(all, cast);
    }
}
