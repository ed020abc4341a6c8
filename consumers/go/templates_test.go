package consumer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// The examples and every part, built from the Go module, synthesize exactly the
// templates TypeScript does, stack by stack. `npx projen test:go` writes the
// TypeScript templates into BREAK_GLASS_REFERENCE_DIR. Compared whole: outside
// the CDK CLI neither `aws:cdk:path` metadata nor CDKMetadata is emitted, so
// nothing language-specific needs masking.
func TestTemplatesEqualTypeScript(t *testing.T) {
	apps := map[string]func(string) awscdk.App{
		"app":          NewExampleApp,
		"organization": NewOrganizationApp,
		"every-part":   NewEveryPartApp,
	}
	reference := os.Getenv("BREAK_GLASS_REFERENCE_DIR")
	if reference == "" {
		t.Fatal("BREAK_GLASS_REFERENCE_DIR is not set: run npx projen test:go")
	}
	for example, newApp := range apps {
		t.Run(example, func(t *testing.T) {
			file, err := os.ReadFile(filepath.Join(reference, example+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var expected map[string]interface{}
			if err := json.Unmarshal(file, &expected); err != nil {
				t.Fatal(err)
			}

			actual := map[string]interface{}{}
			for _, stack := range *newApp(t.TempDir()).Synth(nil).StacksRecursively() {
				actual[*stack.Id()] = roundTrip(t, stack.Template())
			}

			if got, want := keys(actual), keys(expected); !reflect.DeepEqual(got, want) {
				t.Fatalf("stacks: got %v, want %v", got, want)
			}
			for id, template := range expected {
				if !reflect.DeepEqual(actual[id], template) {
					t.Errorf("stack %s differs from TypeScript's\n got: %s\nwant: %s", id, indent(t, actual[id]), indent(t, template))
				}
			}
		})
	}
}

func keys(templates map[string]interface{}) []string {
	ids := make([]string, 0, len(templates))
	for id := range templates {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
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
