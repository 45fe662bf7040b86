from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_decision_reference = RegexValidator(
    regex=r"^HEL \d{4}-\d{6}$",
    message=_("Give the decision number in the form HEL 2019-012572."),
    code="invalid_decision_reference",
)
