from django.urls import path

from .views import renditions

app_name = "documents"
urlpatterns = [
    path(
        "tep/<int:rendition_id>/trang-thai/", renditions.rendition_status, name="rendition_status"
    ),
    path("tep/<int:rendition_id>/<str:kind>/", renditions.rendition_file, name="rendition_file"),
    # committees and templates (settings of the committee)
    # drafts of the committee's report
    # chasing letters
    # a body's own report, signed
]
