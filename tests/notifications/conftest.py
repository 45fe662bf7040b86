import pytest

# The loopback SMTP server and a Redis of the test's own, shared with the reminders' worker tests.
from tests.coordination.test_reminder_worker import mailbox, own_redis  # noqa: F401
from tests.factories import MembershipFactory, MembershipGoalFactory


@pytest.fixture
def membership(culture_unit, culture_user):
    """A proposed membership of the culture unit's, its responsible person the culture user's."""
    membership = MembershipFactory(
        owner_unit=culture_unit, responsible_person=culture_user, benefits="Peers."
    )
    MembershipGoalFactory(membership=membership)
    return membership
