"""Splitting lead and support cells into bodies and groups."""

import pytest

from theodoi.importer.build.agencies import split_agencies


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        (
            "Sở, ban, ngành tỉnh; UBND xã, phường, đặc khu",
            ["Sở, ban, ngành tỉnh", "UBND xã, phường, đặc khu"],
        ),
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
        (
            "Sở Tư pháp; Sở Tài chính và các Sở ngành liên quan",
            ["Sở Tư pháp", "Sở Tài chính", "các Sở ngành liên quan"],
        ),
        (
            "Bảo hiểm Xã hội tỉnh, Công an tỉnh và các địa phương",
            ["Bảo hiểm Xã hội tỉnh", "Công an tỉnh", "các địa phương"],
        ),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Nông nghiệp và Môi trường", ["Sở Nông nghiệp và Môi trường"]),
        ("VTV, VOV, TTXVN, các địa phương", ["VTV", "VOV", "TTXVN", "các địa phương"]),
        (
            "Ngân hàng Nhà nước chi nhánh khu vực XVI, Sở Công Thương",
            ["Ngân hàng Nhà nước chi nhánh khu vực XVI", "Sở Công Thương"],
        ),
        (
            "Bộ Tài chính, cơ quan, tổ chức có liên quan, cơ sở khám bệnh, chữa bệnh",
            ["Bộ Tài chính", "cơ quan, tổ chức có liên quan", "cơ sở khám bệnh, chữa bệnh"],
        ),
        ("bộ, cơ quan, tổ chức có liên quan", ["bộ, cơ quan, tổ chức có liên quan"]),
        (
            "Các cơ quan, tổ chức, đơn vị khác có liên quan",
            ["Các cơ quan, tổ chức, đơn vị khác có liên quan"],
        ),
        (
            "Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu",
            ["Sở Khoa học và Công nghệ"],
        ),
        (
            "các Hiệp hội và Doanh nghiệp công nghệ số Việt Nam",
            ["các Hiệp hội và Doanh nghiệp công nghệ số Việt Nam"],
        ),
        ("các Bộ và UBND các tỉnh", ["các Bộ", "UBND các tỉnh"]),
        # One body a line, against a name wrapped over two lines.
        (
            "Bộ, ngành\nỦy ban nhân dân cấp tỉnh\nSở Y tế",
            ["Bộ, ngành", "Ủy ban nhân dân cấp tỉnh", "Sở Y tế"],
        ),
        (
            "Các cơ quan, tổ\nchức, đơn vị\nkhác có liên quan",
            ["Các cơ quan, tổ chức, đơn vị khác có liên quan"],
        ),
        ("Sở Khoa học và\nCông nghệ", ["Sở Khoa học và Công nghệ"]),
    ],
)
def test_it_splits_between_whole_names_and_never_inside_one(cell, items):
    assert split_agencies(cell) == items


def test_it_drops_a_leading_and_and_empty_items():
    assert split_agencies("Sở Y tế;; và Sở Tài chính;") == ["Sở Y tế", "Sở Tài chính"]


def test_an_empty_cell_has_no_bodies():
    assert split_agencies("") == []
    assert split_agencies(None) == []


def test_it_reads_a_cell_broken_over_lines_as_one_text():
    assert split_agencies("Sở Khoa học\nvà Công nghệ; Sở\nTài chính") == [
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
    ]
