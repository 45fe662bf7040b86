"""Whether a person follows a record, and why: read with the record on its page
(`records.views.record_page_annotations`), or in one query elsewhere."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery

from helsinki_intl.outbox.models import DomainEvent

from .following import FOLLOWED_THROUGH_FIELDS, OWN_PERSON_FIELDS, related_fields
from .models import Follow

PREFIX = "follow_"


@dataclass(frozen=True)
class FollowState:
    following: bool
    own: bool
    """The person follows it without asking: it is theirs (responsible, added it, holds a role)."""
    through: bool
    """The person follows what it belongs to (its unit, its programme)."""


def follow_annotations(model, user) -> dict:
    """The expressions that tell, with a record of `model`, how `user` follows it."""
    if not user.is_authenticated:
        return {}
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    follows = Follow.objects.filter(user=user)
    annotations = {
        f"{PREFIX}chosen": Subquery(
            follows.filter(content_type=content_type, object_id=OuterRef("pk")).values("following")[:1]
        ),
        f"{PREFIX}own_added": Exists(
            DomainEvent.objects.filter(
                content_type=content_type,
                object_id=OuterRef("pk"),
                kind=f"{model._meta.model_name}.created",
                actor=user,
            )
        ),
    }
    for number, path in enumerate(getattr(model, "FOLLOWED_BY", ())):
        annotations[f"{PREFIX}own_{number}"] = Exists(
            model._default_manager.filter(pk=OuterRef("pk"), **{path: user})
        )
    through = related_fields(model, FOLLOWED_THROUGH_FIELDS + getattr(model, "FOLLOWED_THROUGH", ()))
    for number, field in enumerate(through):
        parent_type = ContentType.objects.get_for_model(field.related_model, for_concrete_model=False)
        annotations[f"{PREFIX}through_{number}"] = Exists(
            follows.filter(content_type=parent_type, object_id=OuterRef(field.attname), following=True)
        )
    return annotations


def follow_state(user, target) -> FollowState:
    model = type(target)
    annotations = follow_annotations(model, user)
    if all(hasattr(target, name) for name in annotations):
        facts = {name: getattr(target, name) for name in annotations}
    else:
        facts = (
            model._default_manager.filter(pk=target.pk).annotate(**annotations).values(*annotations).first()
        )
        if facts is None:
            return FollowState(following=False, own=False, through=False)
    own = any(
        getattr(target, field.attname) == user.pk for field in related_fields(model, OWN_PERSON_FIELDS)
    ) or any(value for name, value in facts.items() if name.startswith(f"{PREFIX}own_"))
    through = any(value for name, value in facts.items() if name.startswith(f"{PREFIX}through_"))
    chosen = facts[f"{PREFIX}chosen"]
    return FollowState(following=chosen if chosen is not None else own or through, own=own, through=through)
