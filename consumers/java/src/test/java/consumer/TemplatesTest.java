package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The examples and every part, built from the jar, synthesize exactly the templates TypeScript
 * does, stack by stack. `npx projen test:java` writes the TypeScript templates into
 * BREAK_GLASS_REFERENCE_DIR (app.json, organization.json, every-part.json).
 */
class TemplatesTest {
    // Sorted keys make the failure message a readable, diffable pair of documents.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final Map<String, Function<String, App>> APPS = Map.of(
            "app", ExampleApps::createExampleApp,
            "organization", ExampleApps::createOrganizationApp,
            "every-part", EveryPart::createEveryPartApp);

    @ParameterizedTest
    @ValueSource(strings = {"app", "organization", "every-part"})
    void templatesEqualTypeScript(String example, @TempDir Path outdir) throws Exception {
        // Compared whole: outside the CDK CLI neither `aws:cdk:path` metadata nor
        // CDKMetadata is emitted, so nothing language-specific needs masking.
        String reference = System.getenv("BREAK_GLASS_REFERENCE_DIR");
        if (reference == null) {
            throw new IllegalStateException("BREAK_GLASS_REFERENCE_DIR is not set: run npx projen test:java");
        }
        JsonNode expected = JSON.readTree(Path.of(reference, example + ".json").toFile());

        ObjectNode actual = JSON.createObjectNode();
        for (CloudFormationStackArtifact stack : APPS.get(example).apply(outdir.toString()).synth().getStacksRecursively()) {
            actual.set(stack.getId(), JSON.valueToTree(stack.getTemplate()));
        }

        TreeSet<String> stacks = new TreeSet<>();
        expected.fieldNames().forEachRemaining(stacks::add);
        TreeSet<String> actualStacks = new TreeSet<>();
        actual.fieldNames().forEachRemaining(actualStacks::add);
        assertEquals(stacks, actualStacks, example + ": the stacks");
        for (String stack : stacks) {
            assertEquals(canonical(expected.get(stack)), canonical(actual.get(stack)), example + " stack " + stack);
        }
    }

    private static String canonical(JsonNode node) throws Exception {
        return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    }
}
