from django.urls import path

from .views import amend, excel, pages, review, structure, upload

app_name = "plans"
urlpatterns = [
    path("", pages.plan_list, name="list"),
    path("tim-kiem/", pages.search, name="search"),
    path("nhap/", upload.upload, name="upload"),
    path("nhap/<int:import_id>/", upload.import_status, name="import"),
    path("tao-moi/", review.create, name="create"),
    path("<int:plan_id>/duyet/", review.review, name="review"),
    path("<int:plan_id>/duyet/o/", review.cell, name="review_cell"),
    path("<int:plan_id>/duyet/don-vi/", review.picker, name="review_picker"),
    path("<int:plan_id>/duyet/dong/", review.row_action, name="review_rows"),
    path("<int:plan_id>/duyet/hoan-tac/", review.undo, name="review_undo"),
    path("<int:plan_id>/duyet/ten-don-vi/", review.names, name="review_names"),
    path("<int:plan_id>/ban-hanh/", review.publish, name="publish"),
    path("<int:plan_id>/duyet/cau-truc/", structure.correct, name="review_structure"),
    path("<int:plan_id>/excel/", excel.plan_export, name="excel-export"),
    path("nhap-excel/", excel.plan_import, name="excel-import"),
    path("don-vi/<int:body_id>/nhiem-vu.xlsx", excel.body_tasks_export, name="body-tasks-xlsx"),
    path("<int:plan_id>/sua-doi/", amend.amend_upload, name="amend"),
    path("<int:plan_id>/sua-doi/ap-dung/", amend.amend_apply, name="amend-apply"),
    path("<int:plan_id>/sua-doi/<int:import_id>/", amend.amend_import, name="amend-import"),
]
