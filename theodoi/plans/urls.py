from .views import amend, excel, pages, review, upload

app_name = "plans"
urlpatterns = [
    *pages.urlpatterns,
    *upload.urlpatterns,
    *review.urlpatterns,
    *excel.urlpatterns,
    *amend.urlpatterns,
]
