from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a user name longer than any account's.

    Django's form shows the limit but does not check it, so an overlong name reached the
    sign-in throttle, which records every failed name and cannot store one past 255
    characters. Refused here, it is never authenticated.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
