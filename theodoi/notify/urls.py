from django.urls import path

from .views import inbox, office

app_name = "notify"
urlpatterns = [
    path("", inbox.notification_list, name="list"),
    path("chuong/", inbox.bell, name="bell"),
    path("<int:notification_id>/mo/", inbox.notification_open, name="open"),
    path("<int:notification_id>/da-doc/", inbox.notification_read, name="read"),
    path("da-doc-het/", inbox.notification_read_all, name="read_all"),
    path("cai-dat/", inbox.preferences, name="preferences"),
    path("hop-thu-di/", office.outbox, name="outbox"),
    path("hop-thu-di/<int:notification_id>/", office.outbox_detail, name="outbox_detail"),
    path("hop-thu-di/<int:notification_id>/gui-lai/", office.outbox_resend, name="resend"),
    path("ke-hoach/<int:plan_id>/nhac-viec/", office.policy_edit, name="policy"),
]
