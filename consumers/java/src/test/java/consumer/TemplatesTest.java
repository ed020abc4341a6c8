package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/** The example app built from the jar synthesizes what TypeScript does. */
class ExampleAppTest {
    // Sorted keys make the failure message a readable, diffable pair of documents.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void templatesEqualTypeScript(@TempDir Path outdir) throws Exception {
        // Compared whole: outside the CDK CLI neither `aws:cdk:path` metadata nor
        // CDKMetadata is emitted, so nothing language-specific needs masking.
        JsonNode expected = JSON.readTree(new File(System.getenv("BREAK_GLASS_REFERENCE_TEMPLATE")));

        ObjectNode actual = JSON.createObjectNode();
        for (CloudFormationStackArtifact stack : ExampleApp.create(outdir.toString()).synth().getStacksRecursively()) {
            actual.set(stack.getId(), JSON.valueToTree(stack.getTemplate()));
        }

        assertEquals(canonical(expected), canonical(actual));
    }

    private static String canonical(JsonNode node) throws Exception {
        return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
    }
}
