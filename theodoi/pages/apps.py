from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages that combine several areas: each role's home page, the body page,
    the plan page and a task's or KPI's page with what was reported, the period's
    board with its "Nhắc ngay". The top layer: it may import every area, none
    imports it."""

    name = "theodoi.pages"
    verbose_name = "Trang tổng hợp"
