"""Steps every browser journey shares."""

from conftest import PASSWORD


def sign_in(page, base_url, username, password=PASSWORD):
    """Sign in through the real login page, as a person would."""
    page.goto(base_url + "/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
