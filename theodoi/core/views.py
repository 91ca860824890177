"""The office's history of a record, and the error pages (403, 404, 500, a refused
form) in the site's frame, each with a way back."""

from django.apps import apps
from django.http import Http404, HttpResponseServerError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from .access import office_only, public
from .history import history_rows

# The objects whose history the office may read, by URL name.
AUDITED_MODELS = {
    "don-vi": "bodies.Body",
    "nhom": "bodies.Group",
    "tai-khoan": "accounts.User",
    "ke-hoach": "plans.Plan",
    "nhiem-vu": "plans.Task",
    "chi-tieu": "plans.Indicator",
    "nhap-ke-hoach": "plans.PlanImport",
    "nhac-viec": "notify.ReminderPolicy",
}


@office_only
def object_history(request, kind, object_id):
    label = AUDITED_MODELS.get(kind)
    if label is None:
        raise Http404
    obj = get_object_or_404(apps.get_model(label), pk=object_id)
    context = {"object": obj, "entries": history_rows(obj)}
    return render(request, "core/history.html", context)


def _back(request) -> str:
    """The page the visitor came from, when it is a page of this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


@public
def error_403(request, exception=None):
    return render(request, "errors/403.html", {"back": _back(request)}, status=403)


@public
def error_404(request, exception=None):
    return render(request, "errors/404.html", {"back": _back(request)}, status=404)


@public
def error_500(request):
    """Rendered without the context processors: they read the signed-in user and
    the navigation from the database, which may be what failed."""
    context = {"request": request, "csrf_token": get_token(request), "back": _back(request)}
    return HttpResponseServerError(loader.get_template("errors/500.html").render(context))


@public
def csrf_failure(request, reason=""):
    """A form refused because its security token is missing or stale (the page
    stayed open too long, or the visitor signed in elsewhere meanwhile)."""
    return render(request, "errors/403_csrf.html", {"back": _back(request)}, status=403)
