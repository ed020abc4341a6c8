package consumer;

import io.github.awsbreakglassrole.BreakGlassOrganizationHub;
import io.github.awsbreakglassrole.BreakGlassOrganizationRole;
import io.github.awsbreakglassrole.BreakGlassReadinessCheck;
import io.github.awsbreakglassrole.BreakGlassRole;
import io.github.awsbreakglassrole.Deployer;
import io.github.awsbreakglassrole.LogActions;
import io.github.awsbreakglassrole.TrailSetup;
import io.github.awsbreakglassrole.Username;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.User;

/** The README's examples, examples/app.ts and examples/organization.ts, in Java. */
final class ExampleApps {
    private ExampleApps() {
    }

    /** examples/app.ts: one account, watching eu-west-1 besides us-east-1 and the home region. */
    static App createExampleApp(String outdir) {
        App app = App.Builder.create().outdir(outdir).build();
        Stack stack = Stack.Builder.create(app, "BreakGlassExample")
                .env(Environment.builder().account("111122223333").region("us-east-2").build())
                .build();

        BreakGlassRole.Builder.create(stack, "BreakGlass")
                .roleName("BreakGlass")
                .usernames(List.of(
                        Username.iamUser("alice"),
                        Username.fromUser(User.fromUserName(stack, "Bob", "bob")),
                        Username.identityCenter("carol@example.com", "Admin")))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")))
                .loginAlertEmails(List.of("security@example.com"))
                .createLoginLogGroup(true)
                .logActions(LogActions.ALL)
                .regions(List.of("eu-west-1"))
                // The default, said: the role is assumed and acts only in the watched regions.
                .denyUnwatchedRegions(true)
                .trail(TrailSetup.existingTrail())
                .deployer(Deployer.newRole())
                .build();
        return app;
    }

    /** examples/organization.ts: a hub in the security account, the role in two organizational units. */
    static App createOrganizationApp(String outdir) {
        App app = App.Builder.create().outdir(outdir).build();
        List<String> emails = List.of("security@example.com");
        List<String> units = List.of("ou-ab12-workload1", "ou-ab12-sandbox01");

        BreakGlassOrganizationHub hub = BreakGlassOrganizationHub.Builder
                .create(Stack.Builder.create(app, "BreakGlassHub").env(env("222233334444")).build(), "Hub")
                .organizationId("o-a1b2c3d4e5")
                .roleName("BreakGlass")
                .loginAlertEmails(emails)
                .logActions(LogActions.ALL)
                // Given once, here: the StackSet deploys there, and the canary check expects every member account in every region.
                .organizationalUnits(units)
                .regions(List.of("*"))
                .build();

        Stack management = Stack.Builder.create(app, "BreakGlassManagement").env(env("999988887777")).build();
        BreakGlassOrganizationRole organization = BreakGlassOrganizationRole.Builder.create(management, "Organization")
                // The hub's organizational units, regions and canary.
                .hub(hub)
                .trustedAccount("111122223333")
                .usernames(List.of(Username.iamUser("alice"), Username.identityCenter("carol@example.com", "Admin")))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")))
                .build();
        // The management account: a role of its own, alerting the same people.
        BreakGlassRole.Builder.create(management, "BreakGlass")
                .roleName("BreakGlassManagement")
                .usernames(List.of(Username.iamUser("alice")))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")))
                .loginAlertEmails(emails)
                .logActions(LogActions.ALL)
                .regions(List.of("*"))
                .trail(TrailSetup.existingTrail())
                .build();

        // The identity account: the readiness check proves that the people can still get in, to the role as the StackSet defines it.
        Stack identity = Stack.Builder.create(app, "BreakGlassIdentity").env(env("111122223333")).build();
        BreakGlassReadinessCheck.Builder.create(identity, "Readiness")
                .role(Role.fromRoleArn(identity, "MemberRole", "arn:aws:iam::444455556666:role/" + organization.getRoleName()))
                .trustPolicy(organization.getMemberTrustPolicy())
                .usernames(List.of(Username.iamUser("alice"), Username.identityCenter("carol@example.com", "Admin")))
                .alertEmails(emails)
                .build();
        return app;
    }

    private static Environment env(String account) {
        return Environment.builder().account(account).region("us-east-2").build();
    }
}
