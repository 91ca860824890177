from django.urls import path

from .views import (
    explanations,  # explanations
    public,  # public page
    scorecard,  # scorecard and settings
    screen,  # the chair's screen
)

app_name = "dashboard"
urlpatterns = [
    # the chair's screen
    path("", screen.home, name="home"),
    path("ke-hoach/<int:plan_id>/", screen.plan, name="plan"),
    path("ke-hoach/<int:plan_id>/chap-hanh/", screen.discipline, name="discipline"),
    # explanations
    path("giai-trinh/", explanations.explanations, name="explanations"),
    path("giai-trinh/hoi/", explanations.explain_ask, name="explain_ask"),
    path(
        "giai-trinh/<int:explanation_id>/tra-loi/",
        explanations.explain_answer,
        name="explain_answer",
    ),
    # scorecard and settings
    path("ke-hoach/<int:plan_id>/xep-hang/", scorecard.scorecard_page, name="scorecard"),
    path(
        "ke-hoach/<int:plan_id>/xep-hang.xlsx", scorecard.scorecard_download, name="scorecard_xlsx"
    ),
    path("ke-hoach/<int:plan_id>/cai-dat/", scorecard.settings_page, name="settings"),
    # public page
    path("cong-khai/<int:plan_id>/", public.public_page, name="public"),
]
