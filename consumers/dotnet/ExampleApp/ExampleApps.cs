using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using AwsBreakGlassRole;

namespace BreakGlassConsumer;

/// <summary>The README's examples, examples/app.ts and examples/organization.ts, in C#.</summary>
public static class ExampleApps
{
    /// <summary>examples/app.ts: one account, watching eu-west-1 besides us-east-1 and the home region.</summary>
    public static App CreateExampleApp(string? outdir = null)
    {
        var app = new App(new AppProps { Outdir = outdir });
        var stack = new Stack(app, "BreakGlassExample", new StackProps
        {
            Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "us-east-2" },
        });

        new BreakGlassRole(stack, "BreakGlass", new BreakGlassRoleProps
        {
            RoleName = "BreakGlass",
            Usernames = new[]
            {
                Username.IamUser("alice"),
                Username.FromUser(User.FromUserName(stack, "Bob", "bob")),
                Username.IdentityCenter("carol@example.com", "Admin"),
            },
            ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("AdministratorAccess") },
            LoginAlertEmails = new[] { "security@example.com" },
            CreateLoginLogGroup = true,
            LogActions = LogActions.ALL,
            Regions = new[] { "eu-west-1" },
            // The default, said: the role is assumed and acts only in the watched regions.
            DenyUnwatchedRegions = true,
            Trail = TrailSetup.ExistingTrail(),
            Deployer = Deployer.NewRole(),
        });
        return app;
    }

    /// <summary>examples/organization.ts: a hub in the security account, the role in two organizational units.</summary>
    public static App CreateOrganizationApp(string? outdir = null)
    {
        const string home = "us-east-2";
        var app = new App(new AppProps { Outdir = outdir });
        Amazon.CDK.Environment Env(string account) => new() { Account = account, Region = home };
        var emails = new[] { "security@example.com" };

        var hub = new BreakGlassOrganizationHub(new Stack(app, "BreakGlassHub", new StackProps { Env = Env("222233334444") }), "Hub",
            new BreakGlassOrganizationHubProps
            {
                OrganizationId = "o-a1b2c3d4e5",
                RoleName = "BreakGlass",
                LoginAlertEmails = emails,
                LogActions = LogActions.ALL,
                // Given once, here: the StackSet deploys there, and the canary check expects every member account in every region.
                OrganizationalUnits = new[] { "ou-ab12-workload1", "ou-ab12-sandbox01" },
                Regions = new[] { "*" },
            });

        var management = new Stack(app, "BreakGlassManagement", new StackProps { Env = Env("999988887777") });
        var organization = new BreakGlassOrganizationRole(management, "Organization", new BreakGlassOrganizationRoleProps
        {
            // The hub's organizational units, regions and canary.
            Hub = hub,
            TrustedAccount = "111122223333",
            Usernames = new[] { Username.IamUser("alice"), Username.IdentityCenter("carol@example.com", "Admin") },
            ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("AdministratorAccess") },
        });
        // The management account: a role of its own, alerting the same people.
        new BreakGlassRole(management, "BreakGlass", new BreakGlassRoleProps
        {
            RoleName = "BreakGlassManagement",
            Usernames = new[] { Username.IamUser("alice") },
            ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("AdministratorAccess") },
            LoginAlertEmails = emails,
            LogActions = LogActions.ALL,
            Regions = new[] { "*" },
            Trail = TrailSetup.ExistingTrail(),
        });

        // The identity account: the readiness check proves that the people can still get in, to the role as the StackSet defines it.
        var identity = new Stack(app, "BreakGlassIdentity", new StackProps { Env = Env("111122223333") });
        new BreakGlassReadinessCheck(identity, "Readiness", new BreakGlassReadinessCheckProps
        {
            Role = Role.FromRoleArn(identity, "MemberRole", $"arn:aws:iam::444455556666:role/{organization.RoleName}"),
            TrustPolicy = organization.MemberTrustPolicy,
            Usernames = new[] { Username.IamUser("alice"), Username.IdentityCenter("carol@example.com", "Admin") },
            AlertEmails = emails,
        });
        return app;
    }
}
