"""The person's own API tokens page: create one (shown once), list them, revoke one."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from .forms import TokenForm
from .models import ApiToken
from .services import token_create, token_revoke

PAGE_LABEL = gettext_lazy("API tokens")
FORM_FIELDS = {"name": "name", "expires_at": "expires_on"}
"""The form's field of each of the token's fields that the service may refuse."""


def _tokens_page(request, form, *, created=None, secret=None, status=200):
    response = render(
        request,
        "api/token_list.html",
        {
            "page_label": PAGE_LABEL,
            "breadcrumbs": [(None, PAGE_LABEL)],
            "form": form,
            "tokens": ApiToken.objects.of(request.user),
            "created": created,
            "secret": secret,
            "schema_url": reverse("api:schema"),
            "api_url": request.build_absolute_uri("/api/v1/"),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


class TokenListView(LoginRequiredMixin, View):
    def get(self, request):
        return _tokens_page(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    expires_at=form.expires_at(),
                    by=request.user,
                )
            except ValidationError as error:
                for field, messages_of_field in error.message_dict.items():
                    form.add_error(FORM_FIELDS.get(field), messages_of_field)
            else:
                return _tokens_page(request, TokenForm(), created=token, secret=secret)
        return _tokens_page(request, form, status=400)


class TokenRevokeView(LoginRequiredMixin, View):
    def token(self, request, pk):
        return get_object_or_404(ApiToken.objects.of(request.user), pk=pk)

    def get(self, request, pk):
        token = self.token(request, pk)
        return render(
            request,
            "api/token_confirm_revoke.html",
            {"token": token, "breadcrumbs": [(reverse("api_tokens:list"), PAGE_LABEL), (None, str(token))]},
        )

    def post(self, request, pk):
        token = self.token(request, pk)
        token_revoke(token=token, by=request.user)
        messages.success(
            request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name}
        )
        return redirect("api_tokens:list")
