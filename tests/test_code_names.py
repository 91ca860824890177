"""Names a newcomer can read, checked on the source itself (issue 13, point 4).

- Every message goes through the catalogue as a literal: ``makemessages`` only finds
  ``_("…")`` (and ``{% translate "…" %}``), so ``_(MESSAGES[action])``,
  ``gettext(text)`` or ``{% translate label %}`` reaches no translator.
  Keep a table of messages as ``gettext_lazy("…")`` literals instead.
- No import renames what it imports: ``from a import Role as UserRole`` hides which
  ``Role`` a module means; give the two things different names at the source.
- Every template compiles: a filter renamed in ``templatetags`` but not in a template
  the tests do not render would otherwise fail only in production.
"""

import ast
import re
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parent.parent / "theodoi"

# The translation functions and how many leading arguments are message text (or context).
TRANSLATING = {
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
    "npgettext_lazy": 3,
}

# ``import x as y`` where y is not x's own name, allowed for these reasons only.
RENAMES_ALLOWED = {
    # Django's documented convention; makemessages looks for ``_("…")``.
    **{("django.utils.translation", name, "_"): "" for name in TRANSLATING},
    # The names the libraries' own documentation uses for these modules.
    ("hypothesis", "strategies", "st"): "",
    ("", "pypdfium2.raw", "pdfium_c"): "",
}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        yield path.relative_to(ROOT.parent), ast.parse(path.read_text(encoding="utf-8"))


def _translation_names(tree) -> dict[str, str]:
    """Local name -> translation function, as this module imports them."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in TRANSLATING:
                    names[alias.asname or alias.name] = alias.name
    return names


def _is_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def non_literal_messages(tree) -> list[tuple[int, str]]:
    """Calls of a translation function whose message is not a string literal."""
    local = _translation_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            function = local.get(node.func.id)
        elif isinstance(node.func, ast.Attribute) and node.func.attr in TRANSLATING:
            function = node.func.attr  # translation.gettext(…)
        else:
            function = None
        if function is None:
            continue
        texts = node.args[: TRANSLATING[function]]
        if len(texts) < TRANSLATING[function] or not all(_is_text(arg) for arg in texts):
            found.append((node.lineno, ast.unparse(node)[:80]))
    return found


def renaming_imports(tree) -> list[tuple[int, str]]:
    """``import a.b as c`` (c != b) and ``from a import b as c`` (c != b), not allowed."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
        for alias in node.names:
            if alias.asname is None or alias.asname == alias.name.rsplit(".", 1)[-1]:
                continue
            if (module, alias.name, alias.asname) not in RENAMES_ALLOWED:
                found.append((node.lineno, ast.unparse(node)))
    return found


def test_every_message_given_to_the_catalogue_is_a_literal():
    found = [
        f"{path}:{line}: {call}"
        for path, tree in _modules()
        for line, call in non_literal_messages(tree)
    ]
    assert found == [], "messages makemessages cannot see:\n" + "\n".join(found)


def test_no_import_renames_what_it_imports():
    found = [
        f"{path}:{line}: {statement}"
        for path, tree in _modules()
        for line, statement in renaming_imports(tree)
    ]
    assert found == [], "imports that rename (name it so at the source):\n" + "\n".join(found)


def test_the_checks_see_what_they_look_for():
    source = """
from django.utils.translation import gettext as _, pgettext_lazy
from django.utils import translation
from theodoi.accounts.models import Role as UserRole
from . import cells as cut
import pypdfium2.raw as raw
from hypothesis import strategies as st
MESSAGES = {"add": "Đã thêm."}
_(MESSAGES["add"]); _("Đã thêm."); translation.gettext(text); _(f"{n} ô")
pgettext_lazy("context", "message"); pgettext_lazy("context", message)
"""
    tree = ast.parse(source)
    assert [line for line, _call in non_literal_messages(tree)] == [9, 9, 9, 10]
    assert [line for line, _statement in renaming_imports(tree)] == [4, 5]


def test_templates_translate_only_literals():
    """``{% translate label %}`` hides its message from makemessages, as ``_(label)`` does."""
    tag = re.compile(r"\{%\s*(?:translate|trans)\s+(?![\"'])[^%]*%\}")
    found = [
        f"{path.relative_to(ROOT.parent)}: {match}"
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.is_file()
        for match in tag.findall(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "messages makemessages cannot see:\n" + "\n".join(found)


def test_every_template_compiles():
    """Unknown filters and tags fail here, in every template, rendered by a test or not."""
    templates = ROOT / "templates"
    names = sorted(
        path.relative_to(templates).as_posix()
        for path in templates.rglob("*")
        if path.suffix in {".html", ".txt"}
    )
    assert len(names) > 100
    for name in names:
        engines["django"].get_template(name)
