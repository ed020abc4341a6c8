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


def test_the_role_acts_only_in_the_watched_regions():
    template = create_example_app().synth().get_stack_by_name("BreakGlassExample").template
    role = next(r for r in template["Resources"].values()
                if r["Type"] == "AWS::IAM::Role" and r["Properties"].get("RoleName") == "BreakGlass")
    (policy,) = [p for p in role["Properties"]["Policies"] if p["PolicyName"] == "OnlyInWatchedRegions"]
    (deny,) = policy["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"]["StringNotEquals"]["aws:RequestedRegion"] == ["us-east-2", "eu-west-1", "us-east-1"]
    assert "iam:*" in deny["NotAction"]
