from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.records.registers import MenuEntry, Register, registers

from . import demo, load_data
from .lookups import PARTNERS
from .models import Partnership, PartnershipGoalOutcome, PartnershipReview
from .summary import SUMMARY

registers.register(
    Register(
        "partnerships",
        menu=(MenuEntry(_("Partnerships"), "partnerships:partnership-list", section="/partnerships/"),),
        lookups=(PARTNERS,),
        unit_owned=("partner", "partnership"),
        reviews=("partnershipreview",),
        managed=("partnershipgoal", "contact", "partnershipgoaloutcome"),
        demo=demo.load,
        load_data=load_data.LOAD_DATA,
        portfolio_list="partnerships:partnership-list",
        summary=SUMMARY,
        in_country=Partnership.objects.in_country,
    )
)

reviewables.register(
    Partnership,
    review_model=PartnershipReview,
    outcome_model=PartnershipGoalOutcome,
    record_field="partnership",
    title_field="partner__name",
)
