"""No shame words where people read them: no "failed", "missed", "overdue", "streak", "should have" or "weak".

PRODUCT.md asks for no shame mechanics: no streaks, no failure marks, no "missed" badges. This checks every
template (clinicians' pages too: they talk about clients) and every string the Python code of `planning` and
`content` shows a person: flash messages, form errors, validation errors, labels, help texts, placeholders and
choice labels. The library's own files are checked for the same words in tests/content/test_writing.py.
The validated questionnaires' items are quoted as published and are not checked here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHAME_WORDS = re.compile(
    r"\b(fail|fails|failed|failing|failures?|missed|overdue|streaks?|weak|weakness|lazy|should\s+have|should['\u2019]ve)\b",
    re.IGNORECASE,
)
# Comments, tags and variables are not read by anyone; what is left of a template is its text and attributes.
TEMPLATE_CODE = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->|{%.*?%}|{{.*?}}", re.DOTALL)
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
ERROR_CALLS = {"ValidationError", "add_error"}
TEXT_NAMES = {
    "label",
    "labels",
    "help_text",
    "help_texts",
    "error_messages",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "choices",
}
TEXT_ATTRIBUTES = {"placeholder", "title", "aria-label"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}

TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in {".html", ".txt"})
PYTHON = sorted(p for app in ("planning", "content") for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def shame_words(text: str) -> list[str]:
    """Return the shame words in text, as written."""
    return [match.group(0) for match in SHAME_WORDS.finditer(text)]


def template_text(source: str) -> str:
    """Return what a person can read of a template: its source without comments, tags and variables."""
    return TEMPLATE_CODE.sub(" ", source)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return None


def _literals(node: ast.AST, constants: dict[str, ast.AST]) -> Iterator[str]:
    """Yield the string literals in node, f-strings' fixed parts and module-level constants it names included."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value
        elif isinstance(child, ast.Name) and child.id in constants:
            yield from _literals(constants.pop(child.id), constants)


def _is_message(call: ast.Call) -> bool:
    func = call.func
    if _name(func) in ERROR_CALLS:
        return True
    return isinstance(func, ast.Attribute) and func.attr in MESSAGE_LEVELS and _name(func.value) == "messages"


def user_facing_strings(source: str) -> list[str]:
    """Return the strings a module shows people, found with `ast` rather than by guessing at the text."""
    tree = ast.parse(source)
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if _is_message(node):
                found += [text for arg in node.args for text in _literals(arg, dict(constants))]
            found += [text for kw in node.keywords if kw.arg in TEXT_NAMES for text in _literals(kw.value, {})]
            # form.fields["x"].error_messages.update({...})
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and _name(node.func.value) in TEXT_NAMES
            ):
                found += [text for arg in node.args for text in _literals(arg, {})]
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_name(target) in TEXT_NAMES for target in targets):
                found += list(_literals(node.value, {}))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in TEXT_ATTRIBUTES:
                    found += list(_literals(value, {}))
        elif isinstance(node, ast.ClassDef) and any(_name(base) in CHOICES_BASES for base in node.bases):
            found += [text for item in node.body if isinstance(item, ast.Assign) for text in _literals(item.value, {})]
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in TEMPLATES])
def test_no_template_uses_a_shame_word(path):
    assert not shame_words(template_text(path.read_text()))


@pytest.mark.parametrize("path", PYTHON, ids=[str(p.relative_to(ROOT)) for p in PYTHON])
def test_no_message_label_or_error_in_python_uses_a_shame_word(path):
    assert not [text for text in user_facing_strings(path.read_text()) if shame_words(text)]


def test_the_checker_flags_a_shame_word_in_any_form():
    assert shame_words("You missed a step, your streak is over and you SHOULD\nhave tried.") == [
        "missed",
        "streak",
        "SHOULD\nhave",
    ]


def test_the_checker_leaves_kind_words_alone():
    assert not shame_words("Not practised yet. Missing a week is normal; leaving early is a valid choice.")


def test_template_text_keeps_what_people_read_and_drops_code_and_comments():
    source = '{# a failed idea #}{% if step.failed %}<b title="Overdue">Practised</b>{% endif %}{{ step.weak }}'
    assert shame_words(template_text(source)) == ["Overdue"]


def test_the_python_extractor_finds_each_kind_of_user_facing_string():
    source = """
PACE = {"rest": "You failed this week."}
class Status(models.TextChoices):
    LATE = "late", "Overdue"
class StepForm(forms.Form):
    class Meta:
        labels = {"count": "Your streak"}
        help_texts = {"count": "Weak spots"}
    def clean(self):
        self.fields["n"].error_messages.update({"required": "You missed this."})
        self.add_error("n", f"You should have {n} more.")
        raise ValidationError("Failed to save.")
def view(request):
    log.info("failed")  # a log line, not a message a person reads
    messages.warning(request, PACE["rest"])
    return forms.CharField(label="Fine", widget=forms.TextInput(attrs={"placeholder": "Missed days"}))
"""
    found = sorted(word.lower() for text in user_facing_strings(source) for word in shame_words(text))
    assert found == ["failed", "failed", "missed", "missed", "overdue", "should have", "streak", "weak"]


def test_the_python_extractor_reads_the_real_code():
    assert sum(len(user_facing_strings(path.read_text())) for path in PYTHON) > 100
