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


def test_the_role_acts_only_in_the_watched_regions():
    template = create_example_app().synth().get_stack_by_name("BreakGlassExample").template
    role = next(r for r in template["Resources"].values()
                if r["Type"] == "AWS::IAM::Role" and r["Properties"].get("RoleName") == "BreakGlass")
    (policy,) = [p for p in role["Properties"]["Policies"] if p["PolicyName"] == "OnlyInWatchedRegions"]
    (deny,) = policy["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"]["StringNotEquals"]["aws:RequestedRegion"] == ["us-east-2", "eu-west-1", "us-east-1"]
    assert "iam:*" in deny["NotAction"]
