from django.urls import path

from .views import body_reports, drafts, letters, renditions, settings

app_name = "documents"
urlpatterns = [
    path(
        "tep/<int:rendition_id>/trang-thai/", renditions.rendition_status, name="rendition_status"
    ),
    path("tep/<int:rendition_id>/<str:part>/", renditions.rendition_file, name="rendition_file"),
    # committees and templates (settings of the committee)
    path("ban-chi-dao/<int:committee_id>/", settings.committee, name="committee"),
    path("mau/", settings.templates, name="templates"),
    path("mau/tep/<int:template_id>/", settings.template_file, name="template_file"),
    path("mau/<str:template_kind>/tai-ve/", settings.template_download, name="template_download"),
    path("mau/<str:template_kind>/tai-len/", settings.template_upload_view, name="template_upload"),
    path("mau/<str:template_kind>/mac-dinh/", settings.template_reset_view, name="template_reset"),
    # drafts of the committee's report
    path("", drafts.home, name="home"),
    path("bao-cao/mo/<int:committee_id>/", drafts.draft_open, name="draft_open"),
    path("bao-cao/<int:draft_id>/", drafts.draft_page, name="draft"),
    path("bao-cao/<int:draft_id>/lanh-dao/", drafts.leadership_save, name="draft_leadership"),
    path("bao-cao/<int:draft_id>/gop/", drafts.passages_merge, name="draft_merge"),
    path("bao-cao/<int:draft_id>/tao/", drafts.draft_generate, name="draft_generate"),
    path("bao-cao/<int:draft_id>/doan/<str:key>/sua/", drafts.passage_edit, name="passage_edit"),
    path("bao-cao/<int:draft_id>/doan/<str:key>/bo/", drafts.passage_drop, name="passage_drop"),
    path(
        "bao-cao/<int:draft_id>/doan/<str:key>/khoi-phuc/",
        drafts.passage_restore,
        name="passage_restore",
    ),
    # chasing letters
    path("cong-van/", letters.letters, name="letters"),
    path("ky/<int:period_id>/cong-van/", letters.letter_draft_view, name="letter_draft"),
    path("cong-van/<int:letter_id>/", letters.letter, name="letter"),
    # a body's own report, signed
    path(
        "bao-cao-don-vi/<int:report_id>/word/",
        body_reports.body_report_docx_file,
        name="body_report_docx",
    ),
    path(
        "bao-cao-don-vi/<int:report_id>/", body_reports.body_report_panel, name="body_report_panel"
    ),
    path(
        "bao-cao-don-vi/<int:report_id>/ban-ky/",
        body_reports.signed_upload_view,
        name="signed_upload",
    ),
    path("ban-ky/<int:signed_id>/", body_reports.signed_file, name="signed_file"),
]
