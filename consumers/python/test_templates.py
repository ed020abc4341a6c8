"""The examples and every part, built from the wheel, synthesize exactly what TypeScript does."""
import json
import os

import pytest

from example_apps import create_example_app, create_organization_app
from every_part import create_every_part_app

APPS = {
    "app": create_example_app,
    "organization": create_organization_app,
    "every-part": create_every_part_app,
}


@pytest.mark.parametrize("example", APPS)
def test_templates_equal_typescript(example, tmp_path):
    # Compared whole: outside the CDK CLI neither `aws:cdk:path` metadata nor
    # CDKMetadata is emitted, so nothing language-specific needs masking.
    reference = os.path.join(os.environ["BREAK_GLASS_REFERENCE_DIR"], example + ".json")
    with open(reference) as file:
        expected = json.load(file)

    assembly = APPS[example](str(tmp_path)).synth()
    actual = {stack.id: stack.template for stack in assembly.stacks_recursively}

    assert sorted(actual) == sorted(expected)
    for stack_id, template in expected.items():
        assert actual[stack_id] == template, f"{example} stack {stack_id} differs from TypeScript's"
