import pytest

from theodoi.plans.naming import plan_name


@pytest.mark.parametrize(
    ("title", "doc_type", "name"),
    [
        ("Kế hoạch chuyển đổi số năm 2026", "Kế hoạch", "Kế hoạch chuyển đổi số năm 2026"),
        ("Chuyển đổi số năm 2026", "Kế hoạch", "Kế hoạch chuyển đổi số năm 2026"),
        ("Chuyển đổi số năm 2026", "KẾ HOẠCH", "Kế hoạch chuyển đổi số năm 2026"),
        (
            "Phát triển khoa học, công nghệ.",
            "Chương trình",
            "Chương trình phát triển khoa học, công nghệ",
        ),
        (
            "Về việc ban hành Kế hoạch hoạt động năm 2026 của Ban Chỉ đạo",
            "Quyết định",
            "Kế hoạch hoạt động năm 2026 của Ban Chỉ đạo",
        ),
        ("V/v ban hành kế hoạch cải cách hành chính", "Quyết định", "Kế hoạch cải cách hành chính"),
        (
            "Về việc tăng cường công tác chuyển đổi số",
            "Chỉ thị",
            "Tăng cường công tác chuyển đổi số",
        ),
        ("UBND tỉnh triển khai Đề án 06", "Kế hoạch", "Kế hoạch UBND tỉnh triển khai Đề án 06"),
        ("Đề án 06 trên địa bàn tỉnh", "Kế hoạch", "Đề án 06 trên địa bàn tỉnh"),
        ("Ke hoach chuyen doi so", "Kế hoạch", "Ke hoach chuyen doi so"),
        ("  Chuyển   đổi số ", "", "Chuyển đổi số"),
        ("", "Kế hoạch", ""),
        ("Kế hoạch", "Kế hoạch", "Kế hoạch"),
        ("Kế hoạch hóa gia đình", "Chương trình", "Kế hoạch hóa gia đình"),
    ],
)
def test_a_plan_is_named_as_a_sentence_names_it(title, doc_type, name):
    assert plan_name(title, doc_type) == name
