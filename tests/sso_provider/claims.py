"""What the test provider says about a person: their names and e-mail, and their groups."""

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict, user) -> dict:
    claims.update(
        given_name=user.first_name,
        family_name=user.last_name,
        email=user.email,
        preferred_username=user.username,
        locale="en",
    )
    return claims


class GroupsScopeClaims(ScopeClaims):
    info_groups = ("Groups", "The groups you belong to.")

    def scope_groups(self):
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
