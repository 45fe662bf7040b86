"""Password sign-in: Django's own backend, loading the signed-in user as every page needs them."""

from django.contrib.auth.backends import ModelBackend

from helsinki_intl.organisation.models import User


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = User.objects.signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
