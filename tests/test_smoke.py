from tests.factories import MembershipFactory


def test_culture_user_sees_a_membership(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit)
    response = culture_client.get(membership.get_absolute_url())
    assert response.status_code == 200
    assert membership.network.name in response.content.decode()
