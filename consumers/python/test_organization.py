"""The organization constructs from Python: a hub and the role in every account of a unit."""
import json

import aws_cdk as cdk
import pytest

from aws_break_glass_role import (
    BreakGlassOrganizationHub,
    BreakGlassOrganizationRole,
    StackSetCallAs,
    Username,
)


def _organization(**role_props):
    app = cdk.App()
    hub_stack = cdk.Stack(app, "Hub", env=cdk.Environment(account="222233334444", region="us-east-2"))
    hub = BreakGlassOrganizationHub(
        hub_stack,
        "Hub",
        organization_id="o-a1b2c3d4e5",
        role_name="BreakGlass",
        login_alert_emails=["security@example.com"],
        # Given once, here: what the StackSet deploys, and what the hub's canary check expects.
        organizational_units=["ou-ab12-workload1"],
        regions=["eu-west-1"],
    )
    management = cdk.Stack(app, "Management", env=cdk.Environment(account="999988887777", region="us-east-1"))
    props = dict(
        # The hub's organizational units, regions and canary.
        hub=hub,
        trusted_account="111122223333",
        usernames=[Username.iam_user("alice")],
    )
    props.update(role_props)
    return app, hub, BreakGlassOrganizationRole(management, "Organization", **props)


def test_the_stack_set_deploys_the_role_to_the_units_in_every_watched_region():
    app, hub, organization = _organization(call_as=StackSetCallAs.DELEGATED_ADMIN)
    template = app.synth().get_stack_by_name("Management").template
    stack_set = next(r for r in template["Resources"].values() if r["Type"] == "AWS::CloudFormation::StackSet")
    props = stack_set["Properties"]
    assert props["PermissionModel"] == "SERVICE_MANAGED"
    assert props["CallAs"] == "DELEGATED_ADMIN"
    assert props["StackInstancesGroup"][0]["DeploymentTargets"]["OrganizationalUnitIds"] == ["ou-ab12-workload1"]
    assert organization.watched_regions == ["us-east-2", "eu-west-1", "us-east-1"]
    body = json.loads(organization.template_body)
    assert body["Resources"]["BreakGlassRole"]["Properties"]["RoleName"] == "BreakGlass"
    forward = body["Resources"]["ForwardRule"]["Properties"]
    assert forward["Targets"][0]["Arn"] == hub.central_bus_arn


def test_a_role_name_other_than_the_hub_s_is_refused():
    with pytest.raises(Exception, match=r"roleName is 'Emergency', but the hub Hub/Hub watches the role 'BreakGlass'"):
        _organization(role_name="Emergency")


def test_a_forged_call_as_is_refused():
    # The binding's own type check refuses a plain string before synth.
    with pytest.raises(TypeError, match=r"call_as"):
        _organization(call_as="self")


def test_the_identity_account_checks_readiness_against_the_member_role_s_trust():
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_sns as sns

    from aws_break_glass_role import BreakGlassReadinessCheck

    app, _hub, organization = _organization()
    identity = cdk.Stack(app, "Identity", env=cdk.Environment(account="111122223333", region="us-east-2"))
    BreakGlassReadinessCheck(
        identity,
        "Readiness",
        role=iam.Role.from_role_arn(identity, "MemberRole", f"arn:aws:iam::444455556666:role/{organization.role_name}"),
        trust_policy=organization.member_trust_policy,
        usernames=[Username.iam_user("alice")],
        alert_topic=sns.Topic(identity, "Alerts"),
        readiness_interval=cdk.Duration.hours(12),
    )
    template = app.synth().get_stack_by_name("Identity").template
    schedule = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Events::Rule")
    assert schedule["Properties"]["ScheduleExpression"] == "rate(12 hours)"
    function = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function")
    settings = function["Properties"]["Environment"]["Variables"]["BREAK_GLASS_READINESS"]
    assert "trustPolicy" in json.dumps(settings)


def test_a_forged_readiness_interval_is_refused():
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_sns as sns

    from aws_break_glass_role import BreakGlassReadinessCheck

    stack = cdk.Stack(cdk.App(), "Identity", env=cdk.Environment(account="111122223333", region="us-east-2"))
    with pytest.raises(Exception, match=r"readinessInterval is 5 minutes"):
        BreakGlassReadinessCheck(
            stack,
            "Readiness",
            role=iam.Role.from_role_name(stack, "Role", "BreakGlass"),
            usernames=[Username.iam_user("alice")],
            alert_topic=sns.Topic(stack, "Alerts"),
            readiness_interval=cdk.Duration.minutes(5),
        )
