"""The README's examples, examples/app.ts and examples/organization.ts, in Python."""
from typing import Optional

import aws_cdk as cdk
from aws_cdk import aws_iam as iam

from aws_break_glass_role import (
    BreakGlassOrganizationHub,
    BreakGlassOrganizationRole,
    BreakGlassReadinessCheck,
    BreakGlassRole,
    Deployer,
    LogActions,
    TrailSetup,
    Username,
)


def create_example_app(outdir: Optional[str] = None) -> cdk.App:
    """examples/app.ts: one account, watching eu-west-1 besides us-east-1 and the home region."""
    app = cdk.App(outdir=outdir)
    stack = cdk.Stack(
        app,
        "BreakGlassExample",
        env=cdk.Environment(account="111122223333", region="us-east-2"),
    )

    BreakGlassRole(
        stack,
        "BreakGlass",
        role_name="BreakGlass",
        usernames=[
            Username.iam_user("alice"),
            Username.from_user(iam.User.from_user_name(stack, "Bob", "bob")),
            Username.identity_center("carol@example.com", "Admin"),
        ],
        managed_policies=[
            iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")
        ],
        login_alert_emails=["security@example.com"],
        create_login_log_group=True,
        log_actions=LogActions.ALL,
        regions=["eu-west-1"],
        # The default, said: the role is assumed and acts only in the watched regions.
        deny_unwatched_regions=True,
        trail=TrailSetup.existing_trail(),
        deployer=Deployer.new_role(),
    )
    return app


def create_organization_app(outdir: Optional[str] = None) -> cdk.App:
    """examples/organization.ts: a hub in the security account, the role in two organizational units."""
    home = "us-east-2"
    app = cdk.App(outdir=outdir)
    emails = ["security@example.com"]
    units = ["ou-ab12-workload1", "ou-ab12-sandbox01"]

    def env(account: str) -> cdk.Environment:
        return cdk.Environment(account=account, region=home)

    hub = BreakGlassOrganizationHub(
        cdk.Stack(app, "BreakGlassHub", env=env("222233334444")),
        "Hub",
        organization_id="o-a1b2c3d4e5",
        role_name="BreakGlass",
        login_alert_emails=emails,
        log_actions=LogActions.ALL,
        # Given once, here: the StackSet deploys there, and the canary check expects every member account in every region.
        organizational_units=units,
        regions=["*"],
    )

    management = cdk.Stack(app, "BreakGlassManagement", env=env("999988887777"))
    organization = BreakGlassOrganizationRole(
        management,
        "Organization",
        # The hub's organizational units, regions and canary.
        hub=hub,
        trusted_account="111122223333",
        usernames=[
            Username.iam_user("alice"),
            Username.identity_center("carol@example.com", "Admin"),
        ],
        managed_policies=[
            iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")
        ],
    )
    # The management account: a role of its own, alerting the same people.
    BreakGlassRole(
        management,
        "BreakGlass",
        role_name="BreakGlassManagement",
        usernames=[Username.iam_user("alice")],
        managed_policies=[
            iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")
        ],
        login_alert_emails=emails,
        log_actions=LogActions.ALL,
        regions=["*"],
        trail=TrailSetup.existing_trail(),
    )

    # The identity account: the readiness check proves that the people can still get in, to the role as the StackSet defines it.
    identity = cdk.Stack(app, "BreakGlassIdentity", env=env("111122223333"))
    BreakGlassReadinessCheck(
        identity,
        "Readiness",
        role=iam.Role.from_role_arn(identity, "MemberRole", f"arn:aws:iam::444455556666:role/{organization.role_name}"),
        trust_policy=organization.member_trust_policy,
        usernames=[
            Username.iam_user("alice"),
            Username.identity_center("carol@example.com", "Admin"),
        ],
        alert_emails=emails,
    )
    return app
