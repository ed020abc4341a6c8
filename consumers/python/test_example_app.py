"""The example app built from the wheel synthesizes what TypeScript does."""
import json
import os

from example_app import create_example_app


def test_templates_equal_typescript(tmp_path):
    # Compared whole: outside the CDK CLI neither `aws:cdk:path` metadata nor
    # CDKMetadata is emitted, so nothing language-specific needs masking.
    with open(os.environ["BREAK_GLASS_REFERENCE_TEMPLATE"]) as reference:
        expected = json.load(reference)

    assembly = create_example_app(str(tmp_path)).synth()
    actual = {stack.id: stack.template for stack in assembly.stacks_recursively}

    assert actual == expected
