"""consumers/every-part.ts in Python: every public construct, factory and prop, each given a value."""
from typing import Optional

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from aws_break_glass_role import (
    BreakGlassDeliveryHealth,
    BreakGlassDeployer,
    BreakGlassLogActions,
    BreakGlassLoginAlert,
    BreakGlassOrganizationHub,
    BreakGlassOrganizationRole,
    BreakGlassReadinessCheck,
    BreakGlassRole,
    BreakGlassTamperAlert,
    BreakGlassWatch,
    Deployer,
    LogActions,
    RegionalDeployment,
    StackSetCallAs,
    TrailSetup,
    Username,
)


def _env(account: str) -> cdk.Environment:
    return cdk.Environment(account=account, region="us-east-2")


def create_every_part_app(outdir: Optional[str] = None) -> cdk.App:
    app = cdk.App(outdir=outdir)

    parts = cdk.Stack(app, "Parts", env=_env("111122223333"))
    role = iam.Role.from_role_name(parts, "Role", "BreakGlass")
    key = kms.Key(parts, "Key", enable_key_rotation=True)
    alerts = sns.Topic(parts, "Alerts", topic_name="break-glass-alerts")
    chat = sns.Topic(parts, "Chat", topic_name="break-glass-chat")
    second_channel = events.EventBus.from_event_bus_arn(parts, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass")
    watch = BreakGlassWatch(
        parts,
        "Watch",
        role=role,
        regions=["eu-west-1", "ap-southeast-2"],
        regional_deployment=RegionalDeployment.stack_set(
            administration_role=iam.Role.from_role_name(
                parts, "Administration", "AWSCloudFormationStackSetAdministrationRole"
            ),
            execution_role_name="AWSCloudFormationStackSetExecutionRole",
        ),
        forwarding_alarm_emails=["oncall@example.com"],
        canary=False,
        trail=TrailSetup.existing_trail("arn:aws:cloudtrail:us-east-2:111122223333:trail/main"),
        second_channel_bus=second_channel,
        management_account=True,
        alarm_topic=alerts,
        chat_topic=chat,
        retention=logs.RetentionDays.ONE_YEAR,
        log_group_removal_policy=cdk.RemovalPolicy.DESTROY,
        encryption_key=key,
    )
    login_alert = BreakGlassLoginAlert(
        parts,
        "LoginAlert",
        role=role,
        watch=watch,
        alert_topic=alerts,
        chat_topic=chat,
        login_alert_emails=["security@example.com"],
        message="The break-glass role was used.",
        create_login_log_group=True,
        retention=logs.RetentionDays.ONE_YEAR,
        log_group_removal_policy=cdk.RemovalPolicy.DESTROY,
        encryption_key=key,
    )
    log_actions = BreakGlassLogActions(
        parts,
        "LogActions",
        role=role,
        watch=watch,
        log_actions=LogActions.WRITE,
        log_services=["s3", "iam"],
        source_identities=["alice"],
        retention=logs.RetentionDays.TWO_YEARS,
        log_group_removal_policy=cdk.RemovalPolicy.SNAPSHOT,
        encryption_key=key,
    )
    readiness = BreakGlassReadinessCheck(
        parts,
        "ReadinessCheck",
        role=role,
        usernames=[
            Username.iam_user("alice"),
            Username.federated("dave", "Operators"),
            Username.identity_center("carol@example.com", "Admin"),
        ],
        alert_topic=alerts,
        chat_topic=chat,
        watch=watch,
        identity_center_region="us-east-1",
        allow_access_keys=True,
        readiness_interval=cdk.Duration.hours(12),
        drill_interval=cdk.Duration.days(30),
        retention=logs.RetentionDays.ONE_YEAR,
        log_group_removal_policy=cdk.RemovalPolicy.DESTROY,
        encryption_key=key,
    )
    BreakGlassTamperAlert(
        parts,
        "TamperAlert",
        role=role,
        watch=watch,
        functions=[readiness.function],
        alert_topic=alerts,
        chat_topic=chat,
        rules=login_alert.rules,
        event_buses=[events.EventBus.from_event_bus_name(parts, "Bus", "audit")],
        log_groups=[log_actions.action_log_group],
        keys=[key],
        trail_arns=["arn:aws:cloudtrail:us-east-2:111122223333:trail/audit"],
        delivery_health=False,
        query_definitions=log_actions.action_queries,
        usernames=[Username.iam_user("alice"), Username.federated("dave", "Operators")],
    )
    BreakGlassDeliveryHealth(
        parts,
        "DeliveryHealth",
        dead_letter_queue=sqs.Queue(parts, "DeadLetters", enforce_ssl=True, encryption_master_key=key),
        alarm_topic=alerts,
        chat_topic=chat,
        alarm_name="break-glass-dead-letters",
    )
    BreakGlassDeployer(
        parts,
        "NewUser",
        deployer=Deployer.new_user("deployer"),
        break_glass_role=role,
        can_manage_break_glass_role=True,
        bootstrap_qualifier="abc123def",
        allow_session_tags=True,
        bootstrap_regions=["eu-west-1"],
    )
    deployers = [
        ("NewRole", Deployer.new_role()),
        ("ExistingUser", Deployer.existing_user("ci")),
        ("ExistingRole", Deployer.existing_role("ci-deploy")),
        ("FromUser", Deployer.from_user(iam.User(parts, "Ci"))),
        ("FromRole", Deployer.from_role(iam.Role(parts, "CiRole", assumed_by=iam.AccountRootPrincipal()))),
    ]
    for construct_id, deployer in deployers:
        BreakGlassDeployer(parts, construct_id, deployer=deployer)

    alone = cdk.Stack(app, "Alone", env=_env("111122223333"))
    alone_topic = sns.Topic(alone, "Alerts")
    alone_channel = events.EventBus.from_event_bus_arn(alone, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass")
    # With the canary: each part gives the same watch options, and they share the watch they make.
    canaried = iam.Role.from_role_name(alone, "Canaried", "Canaried")
    BreakGlassLoginAlert(
        alone,
        "CanariedLoginAlert",
        role=canaried,
        alert_topic=alone_topic,
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.regional_stacks(),
        canary_interval=cdk.Duration.hours(2),
        second_channel_bus=alone_channel,
        management_account=True,
        trail=TrailSetup.existing_trail(),
    )
    BreakGlassLogActions(
        alone,
        "CanariedLogActions",
        role=canaried,
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.regional_stacks(),
        canary_interval=cdk.Duration.hours(2),
        second_channel_bus=alone_channel,
        management_account=True,
        trail=TrailSetup.existing_trail(),
    )
    BreakGlassTamperAlert(
        alone,
        "CanariedTamperAlert",
        role=canaried,
        alert_topic=alone_topic,
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.regional_stacks(),
        canary_interval=cdk.Duration.hours(2),
        second_channel_bus=alone_channel,
        management_account=True,
        trail=TrailSetup.existing_trail(),
    )
    # With forwarding alarms instead of the canary.
    forwarded = iam.Role.from_role_name(alone, "Forwarded", "Forwarded")
    BreakGlassLoginAlert(
        alone,
        "ForwardedLoginAlert",
        role=forwarded,
        alert_topic=alone_topic,
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.stack_set(),
        canary=False,
        forwarding_alarm_emails=["oncall@example.com"],
    )
    BreakGlassLogActions(
        alone,
        "ForwardedLogActions",
        role=forwarded,
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.stack_set(),
        canary=False,
        forwarding_alarm_emails=["oncall@example.com"],
    )
    BreakGlassTamperAlert(
        alone,
        "ForwardedTamperAlert",
        role=forwarded,
        alert_topic=alone_topic,
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.stack_set(),
        canary=False,
        forwarding_alarm_emails=["oncall@example.com"],
    )
    BreakGlassWatch(
        alone,
        "Watch",
        role=iam.Role.from_role_name(alone, "Watched", "Watched"),
        canary_interval=cdk.Duration.minutes(30),
    )

    role_stack = cdk.Stack(app, "Role", env=_env("111122223333"))
    BreakGlassRole(
        role_stack,
        "BreakGlass",
        usernames=[
            Username.iam_user("alice"),
            Username.from_user(iam.User.from_user_name(role_stack, "Bob", "bob")),
            Username.federated("dave", "Operators"),
            Username.identity_center("carol@example.com", "Admin"),
        ],
        role_name="Emergency",
        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
        policy_statements=[iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::evidence/*"])],
        max_session_duration=cdk.Duration.hours(2),
        require_mfa=False,
        deny_unwatched_regions=False,
        alert_topic=sns.Topic(role_stack, "Alerts"),
        chat_topic=sns.Topic(role_stack, "Chat"),
        login_alert_emails=["security@example.com"],
        message="Emergency access was used.",
        create_login_log_group=True,
        log_actions=LogActions.READ,
        log_services=["ec2"],
        retention=logs.RetentionDays.THREE_MONTHS,
        log_group_removal_policy=cdk.RemovalPolicy.DESTROY,
        encryption_key=kms.Key(role_stack, "Key", enable_key_rotation=True),
        regions=["eu-west-1"],
        regional_deployment=RegionalDeployment.regional_stacks(),
        canary_interval=cdk.Duration.hours(6),
        trail=TrailSetup.create_trail(trail_name="break-glass"),
        second_channel_bus=events.EventBus.from_event_bus_arn(role_stack, "SecondChannel", "arn:aws:events:us-east-2:222233334444:event-bus/break-glass"),
        management_account=True,
        can_manage_break_glass_role=False,
        deployer=Deployer.new_role(),
        tamper_alerts=False,
        readiness_interval=cdk.Duration.hours(12),
        drill_interval=cdk.Duration.days(30),
    )

    imported = cdk.Stack(app, "Imported", env=_env("111122223333"))
    BreakGlassRole(
        imported,
        "BreakGlass",
        role=iam.Role.from_role_name(imported, "Existing", "Existing"),
        usernames=[Username.iam_user("alice")],
        regions=["*"],
        regional_deployment=RegionalDeployment.stack_set(),
        canary=False,
        forwarding_alarm_emails=["oncall@example.com"],
        trail=TrailSetup.create_trail(),
        can_manage_break_glass_role=True,
        deny_unwatched_regions=True,
        readiness_check=False,
    )

    hub_stack = cdk.Stack(app, "Hub", env=_env("222233334444"))
    hub = BreakGlassOrganizationHub(
        hub_stack,
        "Hub",
        organization_id="o-a1b2c3d4e5",
        role_name="BreakGlass",
        organizational_units=["ou-ab12-workload1", "r-ab12"],
        regions=["eu-west-1"],
        tamper_alerts=False,
        alert_topic=sns.Topic(hub_stack, "Alerts"),
        chat_topic=sns.Topic(hub_stack, "Chat"),
        login_alert_emails=["security@example.com"],
        message="A break-glass role of the organization was used.",
        create_login_log_group=True,
        log_actions=LogActions.WRITE,
        log_services=["iam"],
        retention=logs.RetentionDays.ONE_YEAR,
        log_group_removal_policy=cdk.RemovalPolicy.DESTROY,
        encryption_key=kms.Key(hub_stack, "Key", enable_key_rotation=True),
        canary_interval=cdk.Duration.hours(4),
    )

    management = cdk.Stack(app, "Management", env=_env("999988887777"))
    organization = BreakGlassOrganizationRole(
        management,
        "Organization",
        hub=hub,
        organizational_units=["ou-ab12-workload1", "r-ab12"],
        trusted_account="111122223333",
        regions=["eu-west-1"],
        call_as=StackSetCallAs.DELEGATED_ADMIN,
        canary=True,
        canary_interval=cdk.Duration.hours(4),
        usernames=[Username.iam_user("alice"), Username.federated("dave", "Operators")],
        role_name="BreakGlass",
        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
        policy_statements=[iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::evidence/*"])],
        max_session_duration=cdk.Duration.hours(2),
        require_mfa=False,
        deny_unwatched_regions=False,
    )
    BreakGlassOrganizationRole(
        management,
        "OtherApp",
        hub=BreakGlassOrganizationHub.from_attributes(
            management,
            "OtherHub",
            account="222233334444",
            region="us-east-2",
            role_name="Other",
            organizational_units=["ou-ab12-sandbox01"],
            regions=["eu-west-1"],
            canary=True,
            canary_interval=cdk.Duration.hours(3),
        ),
        trusted_account="111122223333",
        usernames=[Username.identity_center("carol@example.com", "Admin")],
        role_name="Other",
    )
    # The identity account's check of the member accounts' role, with a topic of its own.
    identity = cdk.Stack(app, "Identity", env=_env("111122223333"))
    BreakGlassReadinessCheck(
        identity,
        "ReadinessCheck",
        role=iam.Role.from_role_arn(identity, "MemberRole", "arn:aws:iam::444455556666:role/BreakGlass"),
        trust_policy=organization.member_trust_policy,
        usernames=[Username.iam_user("alice"), Username.federated("dave", "Operators")],
        alert_emails=["security@example.com"],
    )
    BreakGlassOrganizationHub(
        cdk.Stack(app, "QuietHub", env=_env("222233334444")),
        "Hub",
        organization_id="o-a1b2c3d4e5",
        role_name="Quiet",
        canary=False,
    )
    return app
