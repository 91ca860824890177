from .views import board, files, periods, reports

app_name = "reporting"
urlpatterns = [
    *periods.urlpatterns,
    *reports.urlpatterns,
    *board.urlpatterns,
    *files.urlpatterns,
]
