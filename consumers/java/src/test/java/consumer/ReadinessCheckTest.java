package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.awsbreakglassrole.BreakGlassReadinessCheck;
import io.github.awsbreakglassrole.BreakGlassReadinessCheckProps;
import io.github.awsbreakglassrole.Username;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sns.Topic;

/** The readiness check, made from Java on its own. */
class ReadinessCheckTest {
    private static Stack stack() {
        return new Stack(new App(), "Identity", StackProps.builder()
                .env(Environment.builder().account("111122223333").region("us-east-2").build())
                .build());
    }

    @Test
    void runsOnItsScheduleAndAlarmsOnErrorsWithoutAWatch() {
        Stack stack = stack();
        new BreakGlassReadinessCheck(stack, "Readiness", BreakGlassReadinessCheckProps.builder()
                .role(Role.fromRoleName(stack, "Role", "BreakGlass"))
                .usernames(List.of(Username.iamUser("alice"), Username.federated("carol@example.com", "saml/SamlEngineers")))
                .alertTopic(new Topic(stack, "Alerts"))
                .readinessInterval(Duration.hours(12))
                .build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(12 hours)"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors"));
    }

    @Test
    void refusesATooShortInterval() {
        Stack stack = stack();
        RuntimeException error = assertThrows(RuntimeException.class, () -> new BreakGlassReadinessCheck(stack, "Readiness",
                BreakGlassReadinessCheckProps.builder()
                        .role(Role.fromRoleName(stack, "Role", "BreakGlass"))
                        .usernames(List.of(Username.iamUser("alice")))
                        .alertTopic(new Topic(stack, "Alerts"))
                        .readinessInterval(Duration.minutes(5))
                        .build()));
        assertEquals(true, error.getMessage().contains("readinessInterval is 5 minutes"));
    }
}
