"""
Values Python can hand in where TypeScript's types would refuse them: subclasses of the
factory-made classes, a None or a plain string where a value is required, a wildcard. Each
is refused while the app is built, nothing synthesized: by the construct itself, with its own
message, or where the binding's type check stands first, by the binding (the construct's check
stands behind it for JavaScript).
"""
import re

import aws_cdk as cdk
import jsii
from aws_cdk import aws_iam as iam
import pytest

from aws_break_glass_role import (
    BreakGlassDeployer,
    BreakGlassLogActions,
    BreakGlassOrganizationHub,
    BreakGlassRole,
    Deployer,
    RegionalDeployment,
    TrailSetup,
    Username,
)


def _forge(base):
    """A Python subclass of `base` whose initializer makes its jsii object as a generated initializer does."""

    class Forged(base):
        def __init__(self):
            jsii.create(self.__class__, self, [])

    return Forged


def _stack() -> cdk.Stack:
    return cdk.Stack(
        cdk.App(),
        "Forged",
        env=cdk.Environment(account="111122223333", region="us-east-2"),
    )


def _role(**props):
    """A BreakGlassRole in a new app: `props` over a valid role."""
    BreakGlassRole(
        _stack(),
        "BreakGlass",
        **{"usernames": [Username.iam_user("alice")], "trail": TrailSetup.existing_trail(), **props},
    )


CASES = [
    ("a Python subclass of Username", lambda: _role(usernames=[_forge(Username)()]),
     "Username has no public constructor: make it with Username.iamUser(name)"),
    ("a Python subclass of TrailSetup", lambda: _role(trail=_forge(TrailSetup)()),
     "TrailSetup has no public constructor: make it with TrailSetup.existingTrail() or TrailSetup.createTrail()"),
    ("a Python subclass of RegionalDeployment", lambda: _role(regional_deployment=_forge(RegionalDeployment)()),
     "RegionalDeployment has no public constructor: make it with RegionalDeployment.stackSet() or RegionalDeployment.regionalStacks()"),
    ("a Python subclass of Deployer", lambda: _role(deployer=_forge(Deployer)()),
     "Deployer has no public constructor: make it with Deployer.newRole(), Deployer.newUser(userName)"),
    # A subclass that makes no jsii object at all never reaches the construct.
    ("a Python subclass of Username without a jsii object", lambda: _role(usernames=[type("Bare", (Username,), {"__init__": lambda self: None})()]),
     "object has no attribute '__jsii_ref__'"),
    ("a None inside usernames", lambda: _role(usernames=[Username.iam_user("alice"), None]),
     "type of argument usernames[1] must be aws_break_glass_role.Username; got NoneType instead"),
    ("usernames None", lambda: _role(usernames=None),
     "type of argument usernames must be a sequence; got NoneType instead"),
    ("Username.iam_user(None)", lambda: Username.iam_user(None),
     "type of argument name must be str; got NoneType instead"),
    ("a string for a Username", lambda: _role(usernames=["alice"]),
     "type of argument usernames[0] must be aws_break_glass_role.Username; got str instead"),
    ("an empty usernames", lambda: _role(usernames=[]),
     "usernames must name at least one identity"),
    ("Username.iam_user('a*')", lambda: Username.iam_user("a*"),
     "Username.iamUser(name) got 'a*', which is not valid"),
    ("Username.identity_center('*', 'Admin')", lambda: Username.identity_center("*", "Admin"),
     "Username.identityCenter(userName, permissionSetName): userName got '*', which is not valid"),
    ("Username.identity_center(user, '*')", lambda: Username.identity_center("carol@example.com", "*"),
     "permissionSetName got '*', which is not valid"),
    ("Username.federated('*', role)", lambda: Username.federated("*", "Operators"),
     "Username.federated(sessionName, roleName): sessionName got '*', which is not valid"),
    ("a wildcard service", lambda: _role(log_services=["*"]),
     "logServices has '*', which is not a service prefix"),
    ("a wildcard in a region", lambda: _role(regions=["eu-*"]),
     "regions has 'eu-*', which is not a known AWS region"),
    ("a wildcard bootstrap region", lambda: BreakGlassDeployer(_stack(), "Deployer", deployer=Deployer.new_role(), bootstrap_regions=["*"]),
     "bootstrapRegions has '*', which is not a region code"),
    ("a wildcard organizational unit", lambda: BreakGlassOrganizationHub(
        _stack(), "Hub", organization_id="o-a1b2c3d4e5", role_name="BreakGlass", organizational_units=["*"]),
     "organizationalUnits has '*', not an organizational unit id"),
    ("a wildcard trail ARN", lambda: TrailSetup.existing_trail("*"),
     "TrailSetup.existingTrail(trailArn) has '*', which is not a trail ARN"),
    ("a wildcard trail name", lambda: _role(trail=TrailSetup.create_trail(trail_name="*")),
     "trailName is '*', which is not a trail name"),
    ("a wildcard source identity", lambda: _log_actions(source_identities=["*"]),
     "sourceIdentities has '*', which is not a source identity STS accepts"),
]


def _log_actions(**props):
    """A BreakGlassLogActions of an imported role in a new app, with `props`."""
    stack = _stack()
    BreakGlassLogActions(stack, "Actions", role=iam.Role.from_role_name(stack, "Role", "BreakGlass"),
                         trail=TrailSetup.existing_trail(), **props)


@pytest.mark.parametrize("build,message", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_is_refused(build, message):
    with pytest.raises(Exception) as refused:
        build()
    assert message in str(refused.value)


def test_username_has_no_initializer():
    # jsii makes no initializer for a private constructor: Python refuses the call itself.
    with pytest.raises(TypeError, match=re.escape("Username() takes no arguments")):
        Username("FEDERATED", "*")  # type: ignore[call-arg]
