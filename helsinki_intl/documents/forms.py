from django import forms
from django.utils.translation import gettext_lazy as _

from .content import accepted_kinds, max_upload_bytes


class DocumentForm(forms.Form):
    """A file to attach; what it is, is judged by `document_add`, not by the form."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        self.fields["file"].help_text = _(
            "A PDF, an Office document, an image or a text file (%(kinds)s), at most %(size)s."
        ) % {"kinds": accepted_kinds(), "size": filesizeformat(max_upload_bytes())}
