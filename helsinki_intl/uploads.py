"""Uploads larger than the portal keeps are counted, never stored.

Django writes an upload to memory or to a temporary file while it reads the request, before any
view or form has seen it, and for every request: the CSRF check reads the form too. The handler
here, first in FILE_UPLOAD_HANDLERS, passes a file's bytes on only while they fit under
FILE_UPLOAD_MAX_BYTES (the largest file any form accepts). A larger file reaches the form as an
empty `UploadTooLarge` that keeps its name and its true size, so the form refuses it at its field
with the usual "too large" message and nothing of it is kept. A request that announces more bytes
than that is not stored from its first byte.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# Room for a form's other fields and the multipart framing around the file.
FORM_BYTES = 64 * 1024


class UploadTooLarge(UploadedFile):
    """A file that was too large to keep: its name, type and size, with no content."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name, content_type, size)


class CappedUploadHandler(FileUploadHandler):
    request_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = content_length > settings.FILE_UPLOAD_MAX_BYTES + FORM_BYTES

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = self.request_too_large

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.FILE_UPLOAD_MAX_BYTES:
            self.too_large = True
        # None keeps the chunk from the handlers after this one, which would store it.
        return None if self.too_large else raw_data

    def file_complete(self, file_size):
        if self.too_large:
            return UploadTooLarge(self.file_name, self.content_type, file_size)
        return None  # the next handler's file, in memory or on disk
