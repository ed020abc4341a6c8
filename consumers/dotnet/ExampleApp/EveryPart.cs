using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using AwsBreakGlassRole;

namespace BreakGlassConsumer;

/// <summary>consumers/every-part.ts in C#: every public construct, factory and prop, each given a value.</summary>
public static class EveryPart
{
    private static Amazon.CDK.Environment Env(string account) => new() { Account = account, Region = "us-east-2" };

    private static PolicyStatement Evidence() => new(new PolicyStatementProps
    {
        Actions = new[] { "s3:GetObject" },
        Resources = new[] { "arn:aws:s3:::evidence/*" },
    });

    public static App CreateEveryPartApp(string? outdir = null)
    {
        var app = new App(new AppProps { Outdir = outdir });

        var parts = new Stack(app, "Parts", new StackProps { Env = Env("111122223333") });
        var role = Role.FromRoleName(parts, "Role", "BreakGlass");
        var key = new Key(parts, "Key", new KeyProps { EnableKeyRotation = true });
        var alerts = new Topic(parts, "Alerts", new TopicProps { TopicName = "break-glass-alerts" });
        var chat = new Topic(parts, "Chat", new TopicProps { TopicName = "break-glass-chat" });
        var secondChannel = EventBus.FromEventBusArn(parts, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass");
        var watch = new BreakGlassWatch(parts, "Watch", new BreakGlassWatchProps
        {
            Role = role,
            Regions = new[] { "eu-west-1", "ap-southeast-2" },
            RegionalDeployment = RegionalDeployment.StackSet(new StackSetDeploymentOptions
            {
                AdministrationRole = Role.FromRoleName(parts, "Administration", "AWSCloudFormationStackSetAdministrationRole"),
                ExecutionRoleName = "AWSCloudFormationStackSetExecutionRole",
            }),
            ForwardingAlarmEmails = new[] { "oncall@example.com" },
            Canary = false,
            Trail = TrailSetup.ExistingTrail("arn:aws:cloudtrail:us-east-2:111122223333:trail/main"),
            SecondChannelBus = secondChannel,
            ManagementAccount = true,
            AlarmTopic = alerts,
            ChatTopic = chat,
            Retention = RetentionDays.ONE_YEAR,
            LogGroupRemovalPolicy = RemovalPolicy.DESTROY,
            EncryptionKey = key,
        });
        var loginAlert = new BreakGlassLoginAlert(parts, "LoginAlert", new BreakGlassLoginAlertProps
        {
            Role = role,
            Watch = watch,
            AlertTopic = alerts,
            ChatTopic = chat,
            LoginAlertEmails = new[] { "security@example.com" },
            Message = "The break-glass role was used.",
            CreateLoginLogGroup = true,
            Retention = RetentionDays.ONE_YEAR,
            LogGroupRemovalPolicy = RemovalPolicy.DESTROY,
            EncryptionKey = key,
        });
        var logActions = new BreakGlassLogActions(parts, "LogActions", new BreakGlassLogActionsProps
        {
            Role = role,
            Watch = watch,
            LogActions = LogActions.WRITE,
            LogServices = new[] { "s3", "iam" },
            SourceIdentities = new[] { "alice" },
            Retention = RetentionDays.TWO_YEARS,
            LogGroupRemovalPolicy = RemovalPolicy.SNAPSHOT,
            EncryptionKey = key,
        });
        var readiness = new BreakGlassReadinessCheck(parts, "ReadinessCheck", new BreakGlassReadinessCheckProps
        {
            Role = role,
            Usernames = new[]
            {
                Username.IamUser("alice"),
                Username.Federated("dave", "Operators"),
                Username.IdentityCenter("carol@example.com", "Admin"),
            },
            AlertTopic = alerts,
            ChatTopic = chat,
            Watch = watch,
            IdentityCenterRegion = "us-east-1",
            AllowAccessKeys = true,
            ReadinessInterval = Duration.Hours(12),
            DrillInterval = Duration.Days(30),
            Retention = RetentionDays.ONE_YEAR,
            LogGroupRemovalPolicy = RemovalPolicy.DESTROY,
            EncryptionKey = key,
        });
        new BreakGlassTamperAlert(parts, "TamperAlert", new BreakGlassTamperAlertProps
        {
            Role = role,
            Watch = watch,
            Functions = new Amazon.CDK.AWS.Lambda.IFunction[] { readiness.Function },
            AlertTopic = alerts,
            ChatTopic = chat,
            Rules = loginAlert.Rules,
            EventBuses = new[] { EventBus.FromEventBusName(parts, "Bus", "audit") },
            LogGroups = new[] { logActions.ActionLogGroup },
            Keys = new IKey[] { key },
            TrailArns = new[] { "arn:aws:cloudtrail:us-east-2:111122223333:trail/audit" },
            DeliveryHealth = false,
            QueryDefinitions = logActions.ActionQueries,
            Usernames = new[] { Username.IamUser("alice"), Username.Federated("dave", "Operators") },
        });
        new BreakGlassDeliveryHealth(parts, "DeliveryHealth", new BreakGlassDeliveryHealthProps
        {
            DeadLetterQueue = new Queue(parts, "DeadLetters", new QueueProps { EnforceSSL = true, EncryptionMasterKey = key }),
            AlarmTopic = alerts,
            ChatTopic = chat,
            AlarmName = "break-glass-dead-letters",
        });
        new BreakGlassDeployer(parts, "NewUser", new BreakGlassDeployerProps
        {
            Deployer = Deployer.NewUser("deployer"),
            BreakGlassRole = role,
            CanManageBreakGlassRole = true,
            BootstrapQualifier = "abc123def",
            AllowSessionTags = true,
            BootstrapRegions = new[] { "eu-west-1" },
        });
        var deployers = new (string Id, Deployer Deployer)[]
        {
            ("NewRole", Deployer.NewRole()),
            ("ExistingUser", Deployer.ExistingUser("ci")),
            ("ExistingRole", Deployer.ExistingRole("ci-deploy")),
            ("FromUser", Deployer.FromUser(new User(parts, "Ci"))),
            ("FromRole", Deployer.FromRole(new Role(parts, "CiRole", new RoleProps { AssumedBy = new AccountRootPrincipal() }))),
        };
        foreach (var (id, deployer) in deployers)
        {
            new BreakGlassDeployer(parts, id, new BreakGlassDeployerProps { Deployer = deployer });
        }

        var alone = new Stack(app, "Alone", new StackProps { Env = Env("111122223333") });
        var aloneTopic = new Topic(alone, "Alerts");
        var aloneChannel = EventBus.FromEventBusArn(alone, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass");
        // With the canary: each part gives the same watch options, and they share the watch they make.
        var canaried = Role.FromRoleName(alone, "Canaried", "Canaried");
        new BreakGlassLoginAlert(alone, "CanariedLoginAlert", new BreakGlassLoginAlertProps
        {
            Role = canaried,
            AlertTopic = aloneTopic,
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.RegionalStacks(),
            CanaryInterval = Duration.Hours(2),
            SecondChannelBus = aloneChannel,
            ManagementAccount = true,
            Trail = TrailSetup.ExistingTrail(),
        });
        new BreakGlassLogActions(alone, "CanariedLogActions", new BreakGlassLogActionsProps
        {
            Role = canaried,
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.RegionalStacks(),
            CanaryInterval = Duration.Hours(2),
            SecondChannelBus = aloneChannel,
            ManagementAccount = true,
            Trail = TrailSetup.ExistingTrail(),
        });
        new BreakGlassTamperAlert(alone, "CanariedTamperAlert", new BreakGlassTamperAlertProps
        {
            Role = canaried,
            AlertTopic = aloneTopic,
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.RegionalStacks(),
            CanaryInterval = Duration.Hours(2),
            SecondChannelBus = aloneChannel,
            ManagementAccount = true,
            Trail = TrailSetup.ExistingTrail(),
        });
        // With forwarding alarms instead of the canary.
        var forwarded = Role.FromRoleName(alone, "Forwarded", "Forwarded");
        new BreakGlassLoginAlert(alone, "ForwardedLoginAlert", new BreakGlassLoginAlertProps
        {
            Role = forwarded,
            AlertTopic = aloneTopic,
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.StackSet(),
            Canary = false,
            ForwardingAlarmEmails = new[] { "oncall@example.com" },
        });
        new BreakGlassLogActions(alone, "ForwardedLogActions", new BreakGlassLogActionsProps
        {
            Role = forwarded,
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.StackSet(),
            Canary = false,
            ForwardingAlarmEmails = new[] { "oncall@example.com" },
        });
        new BreakGlassTamperAlert(alone, "ForwardedTamperAlert", new BreakGlassTamperAlertProps
        {
            Role = forwarded,
            AlertTopic = aloneTopic,
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.StackSet(),
            Canary = false,
            ForwardingAlarmEmails = new[] { "oncall@example.com" },
        });
        new BreakGlassWatch(alone, "Watch", new BreakGlassWatchProps
        {
            Role = Role.FromRoleName(alone, "Watched", "Watched"),
            CanaryInterval = Duration.Minutes(30),
        });

        var roleStack = new Stack(app, "Role", new StackProps { Env = Env("111122223333") });
        new BreakGlassRole(roleStack, "BreakGlass", new BreakGlassRoleProps
        {
            Usernames = new[]
            {
                Username.IamUser("alice"),
                Username.FromUser(User.FromUserName(roleStack, "Bob", "bob")),
                Username.Federated("dave", "Operators"),
                Username.IdentityCenter("carol@example.com", "Admin"),
            },
            RoleName = "Emergency",
            ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("ReadOnlyAccess") },
            PolicyStatements = new[] { Evidence() },
            MaxSessionDuration = Duration.Hours(2),
            RequireMfa = false,
            DenyUnwatchedRegions = false,
            AlertTopic = new Topic(roleStack, "Alerts"),
            ChatTopic = new Topic(roleStack, "Chat"),
            LoginAlertEmails = new[] { "security@example.com" },
            Message = "Emergency access was used.",
            CreateLoginLogGroup = true,
            LogActions = LogActions.READ,
            LogServices = new[] { "ec2" },
            Retention = RetentionDays.THREE_MONTHS,
            LogGroupRemovalPolicy = RemovalPolicy.DESTROY,
            EncryptionKey = new Key(roleStack, "Key", new KeyProps { EnableKeyRotation = true }),
            Regions = new[] { "eu-west-1" },
            RegionalDeployment = RegionalDeployment.RegionalStacks(),
            CanaryInterval = Duration.Hours(6),
            Trail = TrailSetup.CreateTrail(new CreateTrailOptions { TrailName = "break-glass" }),
            SecondChannelBus = EventBus.FromEventBusArn(roleStack, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass"),
            ManagementAccount = true,
            CanManageBreakGlassRole = false,
            Deployer = Deployer.NewRole(),
            TamperAlerts = false,
            ReadinessInterval = Duration.Hours(12),
            DrillInterval = Duration.Days(30),
        });

        var imported = new Stack(app, "Imported", new StackProps { Env = Env("111122223333") });
        new BreakGlassRole(imported, "BreakGlass", new BreakGlassRoleProps
        {
            Role = Role.FromRoleName(imported, "Existing", "Existing"),
            Usernames = new[] { Username.IamUser("alice") },
            Regions = new[] { "*" },
            RegionalDeployment = RegionalDeployment.StackSet(),
            Canary = false,
            ForwardingAlarmEmails = new[] { "oncall@example.com" },
            Trail = TrailSetup.CreateTrail(),
            CanManageBreakGlassRole = true,
            DenyUnwatchedRegions = true,
            ReadinessCheck = false,
        });

        var hubStack = new Stack(app, "Hub", new StackProps { Env = Env("222233334444") });
        var hub = new BreakGlassOrganizationHub(hubStack, "Hub", new BreakGlassOrganizationHubProps
        {
            OrganizationId = "o-a1b2c3d4e5",
            RoleName = "BreakGlass",
            OrganizationalUnits = new[] { "ou-ab12-workload1", "r-ab12" },
            Regions = new[] { "eu-west-1" },
            TamperAlerts = false,
            AlertTopic = new Topic(hubStack, "Alerts"),
            ChatTopic = new Topic(hubStack, "Chat"),
            LoginAlertEmails = new[] { "security@example.com" },
            Message = "A break-glass role of the organization was used.",
            CreateLoginLogGroup = true,
            LogActions = LogActions.WRITE,
            LogServices = new[] { "iam" },
            Retention = RetentionDays.ONE_YEAR,
            LogGroupRemovalPolicy = RemovalPolicy.DESTROY,
            EncryptionKey = new Key(hubStack, "Key", new KeyProps { EnableKeyRotation = true }),
            CanaryInterval = Duration.Hours(4),
        });

        var management = new Stack(app, "Management", new StackProps { Env = Env("999988887777") });
        var organization = new BreakGlassOrganizationRole(management, "Organization", new BreakGlassOrganizationRoleProps
        {
            Hub = hub,
            OrganizationalUnits = new[] { "ou-ab12-workload1", "r-ab12" },
            TrustedAccount = "111122223333",
            Regions = new[] { "eu-west-1" },
            CallAs = StackSetCallAs.DELEGATED_ADMIN,
            Canary = true,
            CanaryInterval = Duration.Hours(4),
            Usernames = new[] { Username.IamUser("alice"), Username.Federated("dave", "Operators") },
            RoleName = "BreakGlass",
            ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("ReadOnlyAccess") },
            PolicyStatements = new[] { Evidence() },
            MaxSessionDuration = Duration.Hours(2),
            RequireMfa = false,
            DenyUnwatchedRegions = false,
        });
        new BreakGlassOrganizationRole(management, "OtherApp", new BreakGlassOrganizationRoleProps
        {
            Hub = BreakGlassOrganizationHub.FromAttributes(management, "OtherHub", new BreakGlassOrganizationHubAttributes
            {
                Account = "222233334444",
                Region = "us-east-2",
                RoleName = "Other",
                OrganizationalUnits = new[] { "ou-ab12-sandbox01" },
                Regions = new[] { "eu-west-1" },
                Canary = true,
                CanaryInterval = Duration.Hours(3),
            }),
            TrustedAccount = "111122223333",
            Usernames = new[] { Username.IdentityCenter("carol@example.com", "Admin") },
            RoleName = "Other",
        });
        // The identity account's check of the member accounts' role, with a topic of its own.
        var identity = new Stack(app, "Identity", new StackProps { Env = Env("111122223333") });
        new BreakGlassReadinessCheck(identity, "ReadinessCheck", new BreakGlassReadinessCheckProps
        {
            Role = Role.FromRoleArn(identity, "MemberRole", "arn:aws:iam::444455556666:role/BreakGlass"),
            TrustPolicy = organization.MemberTrustPolicy,
            Usernames = new[] { Username.IamUser("alice"), Username.Federated("dave", "Operators") },
            AlertEmails = new[] { "security@example.com" },
        });
        new BreakGlassOrganizationHub(new Stack(app, "QuietHub", new StackProps { Env = Env("222233334444") }), "Hub",
            new BreakGlassOrganizationHubProps
            {
                OrganizationId = "o-a1b2c3d4e5",
                RoleName = "Quiet",
                Canary = false,
            });
        return app;
    }
}
