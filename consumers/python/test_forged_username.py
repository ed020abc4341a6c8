"""A Username cannot be forged from Python: no initializer, and no look-alike value."""
import aws_cdk as cdk
import pytest

from aws_break_glass_role import BreakGlassRole, TrailSetup, Username


def _stack() -> cdk.Stack:
    return cdk.Stack(
        cdk.App(),
        "Forged",
        env=cdk.Environment(account="111122223333", region="us-east-2"),
    )


def test_username_has_no_initializer():
    # jsii makes no initializer for a private constructor: Python refuses the call itself.
    with pytest.raises(TypeError, match=r"Username\(\) takes no arguments"):
        Username("FEDERATED", "*")  # type: ignore[call-arg]


def test_a_wildcard_name_is_refused():
    with pytest.raises(Exception, match=r"permissionSetName got '\*', which is not valid"):
        Username.identity_center("carol@example.com", "*")


def test_a_look_alike_value_is_refused_at_synth():
    # The binding's own type check refuses it before synth; the construct's check stands behind it.
    with pytest.raises(TypeError, match=r"usernames\[0\] must be aws_break_glass_role.Username"):
        BreakGlassRole(
            _stack(),
            "BreakGlass",
            usernames=["alice"],  # type: ignore[list-item]
            trail=TrailSetup.existing_trail(),
        )
