from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("lich-su/<str:kind>/<int:object_id>/", views.object_history, name="history"),
]
