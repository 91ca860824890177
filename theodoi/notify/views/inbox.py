"""One's own notifications: the bell, the list, marking read, opening one, the
preferences. Every view reads and changes only the signed-in user's rows."""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from theodoi.core.access import is_office, signed_in

from ..forms import PreferenceForm
from ..models import Notification
from ..services import inbox


def _told(response):
    response["HX-Trigger"] = "notify-read"  # the bell listens and refreshes its count
    return response


def not_activity(view):
    """The request does not count as the user's activity: its session is read but not
    saved again, so that a page left open (the bell polls every minute) does not keep
    an idle session alive (``SessionRefreshMiddleware`` would)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.session.save = lambda must_create=False: None
        return view(request, *args, **kwargs)

    return wrapped


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _own(request, notification_id: int, action, **kwargs) -> Notification:
    try:
        return action(request.user, notification_id, **kwargs)
    except Notification.DoesNotExist:
        raise Http404 from None


@signed_in
def notification_list(request):
    page = Paginator(inbox.inbox(request.user), inbox.PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "notify/list.html", {"page": page})


@signed_in
@not_activity
def bell(request):
    """The bell's link with the unread count (htmx: on load, every minute, after a read)."""
    return render(request, "notify/_bell.html", {"unread": inbox.unread_count(request.user)})


@signed_in
@require_http_methods(["GET", "POST"])
def notification_open(request, notification_id):
    """Open a notification: it is marked read and the page it points to opens."""
    notification = _own(request, notification_id, inbox.mark_read)
    return redirect(inbox.open_target(notification, reverse("notify:list"), request.get_host()))


def _back_to_list(request):
    page = request.POST.get("trang", "")
    url = reverse("notify:list")
    return redirect(f"{url}?trang={page}" if page.isdigit() else url)


@signed_in
@require_POST
def notification_read(request, notification_id):
    notification = _own(request, notification_id, inbox.mark_read)
    if _is_htmx(request):
        return _told(render(request, "notify/_item.html", {"n": notification}))
    return _back_to_list(request)


@signed_in
@require_POST
def notification_read_all(request):
    count = inbox.mark_all_read(request.user)
    if _is_htmx(request):
        paginator = Paginator(inbox.inbox(request.user), inbox.PAGE_SIZE)
        page = paginator.get_page(request.POST.get("trang"))
        return _told(render(request, "notify/_items.html", {"page": page}))
    messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
    return _back_to_list(request)


@signed_in
def preferences(request):
    preference = inbox.preference_of(request.user)
    data = request.POST if request.method == "POST" else None  # unticked: an empty POST
    form = PreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        inbox.preference_save(request.user, digest=form.cleaned_data["digest"])
        messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
        return redirect("notify:preferences")
    context = {"form": form, "is_office": is_office(request.user)}
    return render(request, "notify/preferences.html", context)
