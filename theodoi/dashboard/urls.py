from django.urls import path  # noqa: F401 (the helpers add their paths)

app_name = "dashboard"
urlpatterns = [
    # the chair's screen
    # explanations
    # scorecard and settings
    # public page
]
