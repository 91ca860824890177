from .views import amend, excel, pages, review, structure, upload

app_name = "plans"
urlpatterns = [
    *pages.urlpatterns,
    *upload.urlpatterns,
    *review.urlpatterns,
    *structure.urlpatterns,
    *excel.urlpatterns,
    *amend.urlpatterns,
]
