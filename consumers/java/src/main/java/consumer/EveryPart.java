package consumer;

import io.github.awsbreakglassrole.BreakGlassDeliveryHealth;
import io.github.awsbreakglassrole.BreakGlassDeployer;
import io.github.awsbreakglassrole.BreakGlassLogActions;
import io.github.awsbreakglassrole.BreakGlassLoginAlert;
import io.github.awsbreakglassrole.BreakGlassOrganizationHub;
import io.github.awsbreakglassrole.BreakGlassOrganizationHubAttributes;
import io.github.awsbreakglassrole.BreakGlassOrganizationRole;
import io.github.awsbreakglassrole.BreakGlassReadinessCheck;
import io.github.awsbreakglassrole.BreakGlassRole;
import io.github.awsbreakglassrole.BreakGlassTamperAlert;
import io.github.awsbreakglassrole.BreakGlassWatch;
import io.github.awsbreakglassrole.CreateTrailOptions;
import io.github.awsbreakglassrole.Deployer;
import io.github.awsbreakglassrole.LogActions;
import io.github.awsbreakglassrole.RegionalDeployment;
import io.github.awsbreakglassrole.StackSetCallAs;
import io.github.awsbreakglassrole.StackSetDeploymentOptions;
import io.github.awsbreakglassrole.TrailSetup;
import io.github.awsbreakglassrole.Username;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.User;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;

/** consumers/every-part.ts in Java: every public construct, factory and prop, each given a value. */
final class EveryPart {
    private EveryPart() {
    }

    private static Environment env(String account) {
        return Environment.builder().account(account).region("us-east-2").build();
    }

    private static PolicyStatement evidence() {
        return PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("arn:aws:s3:::evidence/*")).build();
    }

    static App createEveryPartApp(String outdir) {
        App app = App.Builder.create().outdir(outdir).build();

        Stack parts = Stack.Builder.create(app, "Parts").env(env("111122223333")).build();
        IRole role = Role.fromRoleName(parts, "Role", "BreakGlass");
        Key key = Key.Builder.create(parts, "Key").enableKeyRotation(true).build();
        Topic alerts = Topic.Builder.create(parts, "Alerts").topicName("break-glass-alerts").build();
        Topic chat = Topic.Builder.create(parts, "Chat").topicName("break-glass-chat").build();
        IEventBus secondChannel = EventBus.fromEventBusArn(parts, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass");
        BreakGlassWatch watch = BreakGlassWatch.Builder.create(parts, "Watch")
                .role(role)
                .regions(List.of("eu-west-1", "ap-southeast-2"))
                .regionalDeployment(RegionalDeployment.stackSet(StackSetDeploymentOptions.builder()
                        .administrationRole(Role.fromRoleName(parts, "Administration", "AWSCloudFormationStackSetAdministrationRole"))
                        .executionRoleName("AWSCloudFormationStackSetExecutionRole")
                        .build()))
                .forwardingAlarmEmails(List.of("oncall@example.com"))
                .canary(false)
                .trail(TrailSetup.existingTrail("arn:aws:cloudtrail:us-east-2:111122223333:trail/main"))
                .secondChannelBus(secondChannel)
                .managementAccount(true)
                .alarmTopic(alerts)
                .chatTopic(chat)
                .retention(RetentionDays.ONE_YEAR)
                .logGroupRemovalPolicy(RemovalPolicy.DESTROY)
                .encryptionKey(key)
                .build();
        BreakGlassLoginAlert loginAlert = BreakGlassLoginAlert.Builder.create(parts, "LoginAlert")
                .role(role)
                .watch(watch)
                .alertTopic(alerts)
                .chatTopic(chat)
                .loginAlertEmails(List.of("security@example.com"))
                .message("The break-glass role was used.")
                .createLoginLogGroup(true)
                .retention(RetentionDays.ONE_YEAR)
                .logGroupRemovalPolicy(RemovalPolicy.DESTROY)
                .encryptionKey(key)
                .build();
        BreakGlassLogActions logActions = BreakGlassLogActions.Builder.create(parts, "LogActions")
                .role(role)
                .watch(watch)
                .logActions(LogActions.WRITE)
                .logServices(List.of("s3", "iam"))
                .sourceIdentities(List.of("alice"))
                .retention(RetentionDays.TWO_YEARS)
                .logGroupRemovalPolicy(RemovalPolicy.SNAPSHOT)
                .encryptionKey(key)
                .build();
        BreakGlassReadinessCheck readiness = BreakGlassReadinessCheck.Builder.create(parts, "ReadinessCheck")
                .role(role)
                .usernames(List.of(Username.iamUser("alice"), Username.federated("dave", "Operators"),
                        Username.identityCenter("carol@example.com", "Admin")))
                .alertTopic(alerts)
                .chatTopic(chat)
                .watch(watch)
                .identityCenterRegion("us-east-1")
                .allowAccessKeys(true)
                .readinessInterval(Duration.hours(12))
                .drillInterval(Duration.days(30))
                .retention(RetentionDays.ONE_YEAR)
                .logGroupRemovalPolicy(RemovalPolicy.DESTROY)
                .encryptionKey(key)
                .build();
        BreakGlassTamperAlert.Builder.create(parts, "TamperAlert")
                .role(role)
                .watch(watch)
                .functions(List.of(readiness.getFunction()))
                .alertTopic(alerts)
                .chatTopic(chat)
                .rules(loginAlert.getRules())
                .eventBuses(List.of(EventBus.fromEventBusName(parts, "Bus", "audit")))
                .logGroups(List.of(logActions.getActionLogGroup()))
                .keys(List.of(key))
                .trailArns(List.of("arn:aws:cloudtrail:us-east-2:111122223333:trail/audit"))
                .deliveryHealth(false)
                .queryDefinitions(logActions.getActionQueries())
                .usernames(List.of(Username.iamUser("alice"), Username.federated("dave", "Operators")))
                .build();
        BreakGlassDeliveryHealth.Builder.create(parts, "DeliveryHealth")
                .deadLetterQueue(Queue.Builder.create(parts, "DeadLetters").enforceSsl(true).encryptionMasterKey(key).build())
                .alarmTopic(alerts)
                .chatTopic(chat)
                .alarmName("break-glass-dead-letters")
                .build();
        BreakGlassDeployer.Builder.create(parts, "NewUser")
                .deployer(Deployer.newUser("deployer"))
                .breakGlassRole(role)
                .canManageBreakGlassRole(true)
                .bootstrapQualifier("abc123def")
                .allowSessionTags(true)
                .bootstrapRegions(List.of("eu-west-1"))
                .build();
        List<Map.Entry<String, Deployer>> deployers = List.of(
                Map.entry("NewRole", Deployer.newRole()),
                Map.entry("ExistingUser", Deployer.existingUser("ci")),
                Map.entry("ExistingRole", Deployer.existingRole("ci-deploy")),
                Map.entry("FromUser", Deployer.fromUser(User.Builder.create(parts, "Ci").build())),
                Map.entry("FromRole", Deployer.fromRole(Role.Builder.create(parts, "CiRole").assumedBy(new AccountRootPrincipal()).build())));
        for (Map.Entry<String, Deployer> deployer : deployers) {
            BreakGlassDeployer.Builder.create(parts, deployer.getKey()).deployer(deployer.getValue()).build();
        }

        Stack alone = Stack.Builder.create(app, "Alone").env(env("111122223333")).build();
        Topic aloneTopic = Topic.Builder.create(alone, "Alerts").build();
        IEventBus aloneChannel = EventBus.fromEventBusArn(alone, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass");
        // With the canary: each part gives the same watch options, and they share the watch they make.
        IRole canaried = Role.fromRoleName(alone, "Canaried", "Canaried");
        BreakGlassLoginAlert.Builder.create(alone, "CanariedLoginAlert")
                .role(canaried)
                .alertTopic(aloneTopic)
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.regionalStacks())
                .canaryInterval(Duration.hours(2))
                .secondChannelBus(aloneChannel)
                .managementAccount(true)
                .trail(TrailSetup.existingTrail())
                .build();
        BreakGlassLogActions.Builder.create(alone, "CanariedLogActions")
                .role(canaried)
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.regionalStacks())
                .canaryInterval(Duration.hours(2))
                .secondChannelBus(aloneChannel)
                .managementAccount(true)
                .trail(TrailSetup.existingTrail())
                .build();
        BreakGlassTamperAlert.Builder.create(alone, "CanariedTamperAlert")
                .role(canaried)
                .alertTopic(aloneTopic)
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.regionalStacks())
                .canaryInterval(Duration.hours(2))
                .secondChannelBus(aloneChannel)
                .managementAccount(true)
                .trail(TrailSetup.existingTrail())
                .build();
        // With forwarding alarms instead of the canary.
        IRole forwarded = Role.fromRoleName(alone, "Forwarded", "Forwarded");
        BreakGlassLoginAlert.Builder.create(alone, "ForwardedLoginAlert")
                .role(forwarded)
                .alertTopic(aloneTopic)
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.stackSet())
                .canary(false)
                .forwardingAlarmEmails(List.of("oncall@example.com"))
                .build();
        BreakGlassLogActions.Builder.create(alone, "ForwardedLogActions")
                .role(forwarded)
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.stackSet())
                .canary(false)
                .forwardingAlarmEmails(List.of("oncall@example.com"))
                .build();
        BreakGlassTamperAlert.Builder.create(alone, "ForwardedTamperAlert")
                .role(forwarded)
                .alertTopic(aloneTopic)
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.stackSet())
                .canary(false)
                .forwardingAlarmEmails(List.of("oncall@example.com"))
                .build();
        BreakGlassWatch.Builder.create(alone, "Watch")
                .role(Role.fromRoleName(alone, "Watched", "Watched"))
                .canaryInterval(Duration.minutes(30))
                .build();

        Stack roleStack = Stack.Builder.create(app, "Role").env(env("111122223333")).build();
        BreakGlassRole.Builder.create(roleStack, "BreakGlass")
                .usernames(List.of(
                        Username.iamUser("alice"),
                        Username.fromUser(User.fromUserName(roleStack, "Bob", "bob")),
                        Username.federated("dave", "Operators"),
                        Username.identityCenter("carol@example.com", "Admin")))
                .roleName("Emergency")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")))
                .policyStatements(List.of(evidence()))
                .maxSessionDuration(Duration.hours(2))
                .requireMfa(false)
                .denyUnwatchedRegions(false)
                .alertTopic(Topic.Builder.create(roleStack, "Alerts").build())
                .chatTopic(Topic.Builder.create(roleStack, "Chat").build())
                .loginAlertEmails(List.of("security@example.com"))
                .message("Emergency access was used.")
                .createLoginLogGroup(true)
                .logActions(LogActions.READ)
                .logServices(List.of("ec2"))
                .retention(RetentionDays.THREE_MONTHS)
                .logGroupRemovalPolicy(RemovalPolicy.DESTROY)
                .encryptionKey(Key.Builder.create(roleStack, "Key").enableKeyRotation(true).build())
                .regions(List.of("eu-west-1"))
                .regionalDeployment(RegionalDeployment.regionalStacks())
                .canaryInterval(Duration.hours(6))
                .trail(TrailSetup.createTrail(CreateTrailOptions.builder().trailName("break-glass").build()))
                .secondChannelBus(EventBus.fromEventBusArn(roleStack, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass"))
                .managementAccount(true)
                .canManageBreakGlassRole(false)
                .deployer(Deployer.newRole())
                .tamperAlerts(false)
                .readinessInterval(Duration.hours(12))
                .drillInterval(Duration.days(30))
                .build();

        Stack imported = Stack.Builder.create(app, "Imported").env(env("111122223333")).build();
        BreakGlassRole.Builder.create(imported, "BreakGlass")
                .role(Role.fromRoleName(imported, "Existing", "Existing"))
                .usernames(List.of(Username.iamUser("alice")))
                .regions(List.of("*"))
                .regionalDeployment(RegionalDeployment.stackSet())
                .canary(false)
                .forwardingAlarmEmails(List.of("oncall@example.com"))
                .trail(TrailSetup.createTrail())
                .canManageBreakGlassRole(true)
                .denyUnwatchedRegions(true)
                .readinessCheck(false)
                .build();

        Stack hubStack = Stack.Builder.create(app, "Hub").env(env("222233334444")).build();
        BreakGlassOrganizationHub hub = BreakGlassOrganizationHub.Builder.create(hubStack, "Hub")
                .organizationId("o-a1b2c3d4e5")
                .roleName("BreakGlass")
                .organizationalUnits(List.of("ou-ab12-workload1", "r-ab12"))
                .regions(List.of("eu-west-1"))
                .tamperAlerts(false)
                .alertTopic(Topic.Builder.create(hubStack, "Alerts").build())
                .chatTopic(Topic.Builder.create(hubStack, "Chat").build())
                .loginAlertEmails(List.of("security@example.com"))
                .message("A break-glass role of the organization was used.")
                .createLoginLogGroup(true)
                .logActions(LogActions.WRITE)
                .logServices(List.of("iam"))
                .retention(RetentionDays.ONE_YEAR)
                .logGroupRemovalPolicy(RemovalPolicy.DESTROY)
                .encryptionKey(Key.Builder.create(hubStack, "Key").enableKeyRotation(true).build())
                .canaryInterval(Duration.hours(4))
                .build();

        Stack management = Stack.Builder.create(app, "Management").env(env("999988887777")).build();
        BreakGlassOrganizationRole organization = BreakGlassOrganizationRole.Builder.create(management, "Organization")
                .hub(hub)
                .organizationalUnits(List.of("ou-ab12-workload1", "r-ab12"))
                .trustedAccount("111122223333")
                .regions(List.of("eu-west-1"))
                .callAs(StackSetCallAs.DELEGATED_ADMIN)
                .canary(true)
                .canaryInterval(Duration.hours(4))
                .usernames(List.of(Username.iamUser("alice"), Username.federated("dave", "Operators")))
                .roleName("BreakGlass")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")))
                .policyStatements(List.of(evidence()))
                .maxSessionDuration(Duration.hours(2))
                .requireMfa(false)
                .denyUnwatchedRegions(false)
                .build();
        BreakGlassOrganizationRole.Builder.create(management, "OtherApp")
                .hub(BreakGlassOrganizationHub.fromAttributes(management, "OtherHub", BreakGlassOrganizationHubAttributes.builder()
                        .account("222233334444")
                        .region("us-east-2")
                        .roleName("Other")
                        .organizationalUnits(List.of("ou-ab12-sandbox01"))
                        .regions(List.of("eu-west-1"))
                        .canary(true)
                        .canaryInterval(Duration.hours(3))
                        .build()))
                .trustedAccount("111122223333")
                .usernames(List.of(Username.identityCenter("carol@example.com", "Admin")))
                .roleName("Other")
                .build();
        // The identity account's check of the member accounts' role, with a topic of its own.
        Stack identity = Stack.Builder.create(app, "Identity").env(env("111122223333")).build();
        BreakGlassReadinessCheck.Builder.create(identity, "ReadinessCheck")
                .role(Role.fromRoleArn(identity, "MemberRole", "arn:aws:iam::444455556666:role/BreakGlass"))
                .trustPolicy(organization.getMemberTrustPolicy())
                .usernames(List.of(Username.iamUser("alice"), Username.federated("dave", "Operators")))
                .alertEmails(List.of("security@example.com"))
                .build();
        BreakGlassOrganizationHub.Builder.create(Stack.Builder.create(app, "QuietHub").env(env("222233334444")).build(), "Hub")
                .organizationId("o-a1b2c3d4e5")
                .roleName("Quiet")
                .canary(false)
                .build();
        return app;
    }
}
