"""The benchmark's floor (B0): the cheapest signed-in page, behind the full middleware stack.

Every page's time in `make bench` is given as a multiple of this one's, measured in the same
run on the same machine. It exists only when `BENCHMARK_MODE` is on; otherwise it is a 404.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse


def hello(request):
    if not settings.BENCHMARK_MODE:
        raise Http404
    return _hello_signed_in(request)


@login_required
def _hello_signed_in(request):
    return HttpResponse("Hello", content_type="text/plain; charset=utf-8")
