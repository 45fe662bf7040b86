from helsinki_intl.coordination.registry import reviewables

from .models import Partnership, PartnershipGoalOutcome, PartnershipReview

reviewables.register(
    Partnership,
    review_model=PartnershipReview,
    outcome_model=PartnershipGoalOutcome,
    record_field="partnership",
    title_field="partner__name",
)
