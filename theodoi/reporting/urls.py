from .views import approval, board, comments, files, periods, reports

app_name = "reporting"
urlpatterns = [
    *periods.urlpatterns,
    *reports.urlpatterns,
    *board.urlpatterns,
    *files.urlpatterns,
    *comments.urlpatterns,
    *approval.urlpatterns,
]
