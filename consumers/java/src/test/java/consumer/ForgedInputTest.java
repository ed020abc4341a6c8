package consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.awsbreakglassrole.BreakGlassDeployer;
import io.github.awsbreakglassrole.BreakGlassOrganizationHub;
import io.github.awsbreakglassrole.BreakGlassRole;
import io.github.awsbreakglassrole.CreateTrailOptions;
import io.github.awsbreakglassrole.Deployer;
import io.github.awsbreakglassrole.RegionalDeployment;
import io.github.awsbreakglassrole.TrailSetup;
import io.github.awsbreakglassrole.Username;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.jsii.JsiiObject.InitializationMode;

/**
 * Values Java can hand in where TypeScript's types would refuse them: anonymous subclasses of the
 * factory-made classes, a null where a value is required, a wildcard. Each is refused while the
 * app is built, nothing synthesized: by the construct itself, with its own message, or where the
 * binding's null check stands first, by the binding (the construct's check stands behind it for
 * JavaScript).
 */
class ForgedInputTest {
    private static Stack stack() {
        return Stack.Builder.create(new App(), "Forged")
                .env(Environment.builder().account("111122223333").region("us-east-2").build())
                .build();
    }

    /** A BreakGlassRole in a new app: the props given, over a valid role. */
    private static Executable role(Consumer<BreakGlassRole.Builder> change) {
        return () -> {
            BreakGlassRole.Builder builder = BreakGlassRole.Builder.create(stack(), "BreakGlass")
                    .usernames(List.of(Username.iamUser("alice")))
                    .trail(TrailSetup.existingTrail());
            change.accept(builder);
            builder.build();
        };
    }

    private static Arguments refused(String what, Executable build, String message) {
        return Arguments.of(what, build, message);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                refused("an anonymous subclass of Username",
                        role(b -> b.usernames(List.of(new Username(InitializationMode.JSII) { }))),
                        "Username has no public constructor: make it with Username.iamUser(name)"),
                refused("an anonymous subclass of TrailSetup",
                        role(b -> b.trail(new TrailSetup(InitializationMode.JSII) { })),
                        "TrailSetup has no public constructor: make it with TrailSetup.existingTrail() or TrailSetup.createTrail()"),
                refused("an anonymous subclass of RegionalDeployment",
                        role(b -> b.regionalDeployment(new RegionalDeployment(InitializationMode.JSII) { })),
                        "RegionalDeployment has no public constructor: make it with RegionalDeployment.stackSet() or RegionalDeployment.regionalStacks()"),
                refused("an anonymous subclass of Deployer",
                        role(b -> b.deployer(new Deployer(InitializationMode.JSII) { })),
                        "Deployer has no public constructor: make it with Deployer.newRole(), Deployer.newUser(userName)"),
                refused("a null inside usernames",
                        role(b -> b.usernames(Arrays.asList(Username.iamUser("alice"), null))),
                        "Unable to deserialize value as aws-break-glass-role.BreakGlassRoleProps"),
                refused("usernames null", role(b -> b.usernames(null)), "usernames is required"),
                refused("Username.iamUser(null)", () -> Username.iamUser(null), "name is required"),
                refused("an empty usernames", role(b -> b.usernames(List.of())), "usernames must name at least one identity"),
                refused("Username.iamUser(\"a*\")", () -> Username.iamUser("a*"), "Username.iamUser(name) got 'a*', which is not valid"),
                refused("Username.identityCenter(\"*\", \"Admin\")", () -> Username.identityCenter("*", "Admin"),
                        "Username.identityCenter(userName, permissionSetName): userName got '*', which is not valid"),
                refused("Username.identityCenter(user, \"*\")", () -> Username.identityCenter("carol@example.com", "*"),
                        "permissionSetName got '*', which is not valid"),
                refused("Username.federated(\"*\", role)", () -> Username.federated("*", "Operators"),
                        "Username.federated(sessionName, roleName): sessionName got '*', which is not valid"),
                refused("a wildcard service", role(b -> b.logServices(List.of("*"))), "logServices has '*', which is not a service prefix"),
                refused("a wildcard in a region", role(b -> b.regions(List.of("eu-*"))), "regions has 'eu-*', which is not a known AWS region"),
                refused("a wildcard bootstrap region",
                        () -> BreakGlassDeployer.Builder.create(stack(), "Deployer").deployer(Deployer.newRole()).bootstrapRegions(List.of("*")).build(),
                        "bootstrapRegions has '*', which is not a region code"),
                refused("a wildcard organizational unit",
                        () -> BreakGlassOrganizationHub.Builder.create(stack(), "Hub")
                                .organizationId("o-a1b2c3d4e5").roleName("BreakGlass").organizationalUnits(List.of("*")).build(),
                        "organizationalUnits has '*', not an organizational unit id"),
                refused("a wildcard trail ARN", () -> TrailSetup.existingTrail("*"),
                        "TrailSetup.existingTrail(trailArn) has '*', which is not a trail ARN"),
                refused("a wildcard trail name", () -> TrailSetup.createTrail(CreateTrailOptions.builder().trailName("*").build()),
                        "trailName is '*', which is not a trail name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefused(String what, Executable build, String message) {
        Throwable error = assertThrows(Throwable.class, build, what);
        assertTrue(String.valueOf(error.getMessage()).contains(message),
                what + ": " + error.getClass().getName() + ": " + error.getMessage());
    }
}
