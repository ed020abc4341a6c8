package consumer;

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
import software.amazon.awscdk.services.iam.User;

/** The README example, examples/app.ts, transliterated to Java. */
final class ExampleApp {
    private ExampleApp() {
    }

    static App create(String outdir) {
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
}
