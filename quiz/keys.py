"""The names questions and answers go by: the one the editor gave, or one made from the text."""

from django.utils.text import slugify

KEY_LENGTH = 60  # Question.key and Option.key are CharField(max_length=60)


def default_key(key: str | None, text: str | None) -> str:
    return (key or "").strip() or slugify(text or "")[:KEY_LENGTH]
