package consumer

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// The example app built from the Go module synthesizes what TypeScript does.
// Compared whole: outside the CDK CLI neither `aws:cdk:path` metadata nor
// CDKMetadata is emitted, so nothing language-specific needs masking.
func TestTemplatesEqualTypeScript(t *testing.T) {
	reference, err := os.ReadFile(os.Getenv("BREAK_GLASS_REFERENCE_TEMPLATE"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]interface{}
	if err := json.Unmarshal(reference, &expected); err != nil {
		t.Fatal(err)
	}

	actual := map[string]interface{}{}
	for _, stack := range *NewExampleApp(t.TempDir()).Synth(nil).StacksRecursively() {
		actual[*stack.Id()] = roundTrip(t, stack.Template())
	}

	if !reflect.DeepEqual(actual, expected) {
		t.Errorf("templates differ from TypeScript's\n got: %s\nwant: %s", indent(t, actual), indent(t, expected))
	}
}

// roundTrip gives a template the JSON types the reference decodes to.
func roundTrip(t *testing.T, template interface{}) interface{} {
	var decoded interface{}
	if err := json.Unmarshal([]byte(indent(t, template)), &decoded); err != nil {
		t.Fatal(err)
	}
	return decoded
}

func indent(t *testing.T, value interface{}) string {
	encoded, err := json.MarshalIndent(value, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(encoded)
}
