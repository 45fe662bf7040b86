"""The co-financing appropriations as an import's rows draw on them, before any row is saved.

An import checks all its rows before it saves any: a row granting co-financing is weighed
against the year's appropriation less what the saved applications and the file's earlier
rows grant, as it would be were the earlier rows saved one by one. Each year is read once,
its appropriation locked until the import ends (`services.appropriation_lock`).
"""

import copy
from decimal import Decimal

from .models import Application, CoFinancingAppropriation
from .services import appropriation_lock


class AppropriationLedger:
    """Each year's appropriation and the co-financing each application draws on it."""

    def __init__(self):
        self._appropriations: dict[int, CoFinancingAppropriation | None] = {}
        self._granted: dict[int, dict[object, Decimal]] = {}

    def balance(self, application: Application) -> CoFinancingAppropriation | None:
        """As `CoFinancingAppropriation.objects.balance(year, excluding=application)`."""
        year = application.cofinancing_year
        appropriation = self._appropriation(year)
        if appropriation is None:
            return None
        granted = self._granted[year]
        balance = copy.copy(appropriation)
        balance.granted = sum(granted.values(), Decimal(0)) - granted.get(self._key(application), Decimal(0))
        balance.left = balance.amount - balance.granted
        return balance

    def draw(self, application: Application) -> None:
        """Count the application's grant as saved, in place of what it granted before."""
        key = self._key(application)
        for granted in self._granted.values():
            granted.pop(key, None)
        year = application.cofinancing_year
        if year is None or application.status in Application.NOT_COUNTED_STATUSES:
            return
        if self._appropriation(year) is not None:
            self._granted[year][key] = application.cofinancing_granted or Decimal(0)

    def _appropriation(self, year: int) -> CoFinancingAppropriation | None:
        if year not in self._appropriations:
            # Locked for the rest of the import, as the grant step locks it: what the saved
            # applications draw is read once no other grant from the year can be made meanwhile.
            self._appropriations[year] = appropriation_lock(year=year)
            drawing = Application.objects.drawing_on_appropriation().filter(cofinancing_year=year)
            self._granted[year] = {
                pk: granted or Decimal(0) for pk, granted in drawing.values_list("pk", "cofinancing_granted")
            }
        return self._appropriations[year]

    @staticmethod
    def _key(application: Application):
        return application.pk or id(application)
