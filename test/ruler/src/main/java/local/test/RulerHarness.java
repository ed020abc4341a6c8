package local.test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Runs EventBridge event patterns against events with Event Ruler.
 *
 * <p>stdin: a JSON array of cases {@code [{"pattern": {...}, "event": {...}}, ...]}.
 * stdout: a JSON array of booleans, one per case, true when the event matches the pattern.
 *
 * <p>Exit status: 0 on success; 1 if the input is not a JSON array of case objects;
 * 2 if Event Ruler rejects a pattern; 3 if Event Ruler rejects an event.
 */
public final class RulerHarness {
  private static final String RULE_NAME = "case";

  private RulerHarness() {}

  public static void main(String[] args) throws IOException {
    ObjectMapper mapper = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    JsonNode cases;
    try {
      cases = mapper.readTree(System.in);
    } catch (IOException e) {
      fail(1, "input is not valid JSON: " + e.getMessage());
      return;
    }
    if (cases == null || !cases.isArray()) {
      fail(1, "input must be a JSON array of {\"pattern\", \"event\"} objects");
      return;
    }

    ArrayNode results = mapper.createArrayNode();
    Map<String, Machine> machines = new HashMap<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      if (!c.isObject() || !c.has("pattern") || !c.has("event")) {
        fail(1, "case " + i + ": expected an object with \"pattern\" and \"event\"");
        return;
      }
      String pattern = mapper.writeValueAsString(c.get("pattern"));
      String event = mapper.writeValueAsString(c.get("event"));

      // A Machine of its own per distinct pattern, so each pattern is judged on its own;
      // cases that share a pattern share its Machine, compiled once.
      Machine machine = machines.get(pattern);
      if (machine == null) {
        machine = new Machine();
        try {
          machine.addRule(RULE_NAME, pattern);
        } catch (Exception e) {
          fail(2, "case " + i + ": invalid pattern " + pattern + ": " + describe(e));
          return;
        }
        machines.put(pattern, machine);
      }
      try {
        results.add(machine.rulesForJSONEvent(event).contains(RULE_NAME));
      } catch (Exception e) {
        fail(3, "case " + i + ": invalid event " + event + ": " + describe(e));
        return;
      }
    }

    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println(mapper.writeValueAsString(results));
    out.flush();
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void fail(int status, String message) {
    System.err.println("event-ruler-harness: " + message);
    System.exit(status);
  }
}
