import factory

from helsinki_intl.saved_views.models import SavedView
from tests.factories import UserFactory


class SavedViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedView

    name = factory.Sequence(lambda n: f"View {n}")
    owner = factory.SubFactory(UserFactory)
    list_name = "networks:membership-list"
    query = "status=active"
