"""The README example, examples/app.ts, transliterated to Python."""
from typing import Optional

import aws_cdk as cdk
from aws_cdk import aws_iam as iam

from aws_break_glass_role import (
    BreakGlassRole,
    Deployer,
    LogActions,
    TrailSetup,
    Username,
)


def create_example_app(outdir: Optional[str] = None) -> cdk.App:
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
