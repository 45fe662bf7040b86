from helsinki_intl.coordination.registry import reviewables

from .models import Membership, MembershipGoalOutcome, MembershipReview

reviewables.register(
    Membership,
    review_model=MembershipReview,
    outcome_model=MembershipGoalOutcome,
    record_field="membership",
    title_field="network__name",
)
