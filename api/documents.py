"""The API's JSON: each approach page as schema.org MedicalWebPage, its sections as `hasPart`
in the page's own order and under the page's own headings (templates/approaches/approach_page.html).

Keys schema.org has no word for (`review`, `attribution`, `alternates`) are Steady Path's own;
docs/api.md and api/openapi.py describe every one.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from core.site.crisis_numbers import expand

# Attribution partners must show beside our text, in the page's language. Not clinical wording.
ATTRIBUTION = {
    "en": "Reviewed content from Steady Path ({url}). Educational only, not medical advice. "
    "If you are in immediate danger, call {emergency_number}.",
    "es": "Contenido revisado de Steady Path ({url}). Solo para aprender, no es un consejo médico. "
    "Si está en peligro inmediato, llame al {emergency_number}.",
}


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def api_url(request, name: str, *args) -> str:
    return absolute(request, reverse(name, args=args))


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html)).strip()


def review_notice(page) -> str:
    """The review sentence the page shows, word for word (the same template include)."""
    return _plain(render_to_string("includes/review_notice.html", {"page": page}))


def _part(identifier: str, name: str, text: str = "", items=()) -> dict:
    return {"@type": "WebPageElement", "identifier": identifier, "name": name, "text": text, "items": list(items)}


def sections(page, portal, not_now=None) -> list[dict]:
    """The page's sections, in its order, as the template shows them (same ids, same conditions).

    Text keeps its source markers ("[1]"): each points at that entry of `citation`."""
    fill = lambda text: str(expand(text or "", portal))  # noqa: E731 - the crisis placeholders
    parts = []
    not_now = not_now if not_now is not None and not_now.pk != page.pk else None
    if page.decision or not_now:  # templates/includes/decision_note.html
        items = []
        if not_now:
            prompt = gettext("Not ready to start treatment?")
            items.append({"text": prompt, "name": not_now.title, "url": not_now.full_url})
        parts.append(_part("the-decision", gettext("The decision"), page.decision, items))
    parts += [
        _part(
            "providers",
            gettext("Who typically provides this?"),
            page.providers_note,
            [
                {
                    "name": link.provider_type.name,
                    "credentials": link.provider_type.credentials,
                    "text": link.provider_type.description,
                }
                for link in page.provider_links.all()
            ],
        ),
        _part("training", gettext("Training note"), page.training_note),
    ]
    if page.session_items:
        parts.append(_part("sessions", gettext("What sessions can look like"), items=_points(page.session_items)))
    condition_links = list(page.condition_links.all())
    if condition_links:
        parts.append(
            _part(
                "helpful-for",
                gettext("Often helpful for"),
                items=[
                    {"identifier": link.condition.slug, "name": link.condition.name, "text": link.condition.description}
                    for link in condition_links
                ],
            )
        )
    if page.good_fit_items:
        parts.append(_part("good-fit", gettext("Good fit if…"), items=_points(page.good_fit_items)))
    if page.pace_heading:
        parts.append(_part("pace", page.pace_heading, page.pace_text))
    if page.not_fit_items:
        parts.append(_part("not-fit", gettext("Might not be the best fit if…"), items=_points(page.not_fit_items)))
    if page.outcomes:
        outcomes = [_outcome(block.value) for block in page.outcomes]
        parts.append(_part("outcomes", gettext("What tends to happen"), items=outcomes))
    for block in page.access:
        topics = [{"name": str(heading), "text": fill(text)} for heading, text in block.value.topics()]
        parts.append(_part("how-to-get-it", gettext("How to get it"), items=topics))
    if page.questions:
        parts.append(
            _part(
                "questions",
                gettext("Questions you can bring to a first session"),
                page.questions_intro,
                _points(page.questions),
            )
        )
    if page.safety_notes:
        notes = [b.value for b in page.safety_notes]
        # Urgent notes first, as the page shows them (never behind "show more").
        notes = [n for n in notes if n.get("urgent")] + [n for n in notes if not n.get("urgent")]
        parts.append(
            _part(
                "safety-notes",
                gettext("Safety notes"),
                items=[
                    {"text": fill(n["text"]), "urgent": bool(n.get("urgent")), "action": fill(n.get("action"))}
                    for n in notes
                ],
            )
        )
    if page.sources:  # templates/includes/sources.html
        parts.append(
            _part(
                "sources",
                gettext("Sources"),
                items=[{"identifier": f"source-{n}", "text": _source_line(c)} for n, c in enumerate(_sources(page), 1)],
            )
        )
    return parts


def _source_line(source: dict) -> str:
    """The entry as the page's Sources list writes it (templates/blocks/reference_block.html)."""
    publisher = source["publisher"] + (f" ({source['identifier']})" if source["identifier"] else "")
    return f"{source['name']}. {publisher}, {source['datePublished']}. {source['url']}".strip()


def _outcome(value) -> dict:
    return {
        "text": f"{value.sentence()} {value.comparison_sentence()}".strip(),
        "name": str(value.certainty_words()),
        "source": value.get("source"),
        # Said on the page too: made-up demo figures are never evidence.
        "sampleFigures": bool(value.get("sample_figures")),
    }


def _points(stream) -> list[dict]:
    return [{"text": str(block.value)} for block in stream]


def _sources(page) -> list[dict]:
    """ApproachPage.sources (reference blocks), numbered as the page numbers them."""
    return [
        {
            "@type": "CreativeWork",
            "name": block.value.get("citation", ""),
            "publisher": block.value.get("publisher", ""),
            "datePublished": str(block.value.get("year") or ""),
            "url": block.value.get("url", "") or "",
            "identifier": block.value.get("guideline_id", "") or "",
        }
        for block in page.sources
    ]


def modified(page):
    """When anything this page's JSON shows last changed: its live version, its review, the
    conditions and provider types it names."""
    times = [page.last_published_at, page.last_reviewed_at]
    times += [link.provider_type.last_published_at for link in page.provider_links.all()]
    times += [link.condition.last_published_at for link in page.condition_links.all()]
    return max((t for t in times if t), default=None)


def license_info() -> dict:
    return {"name": settings.API_CONTENT_LICENSE_NAME, "url": settings.API_CONTENT_LICENSE_URL or None}


def attribution(language: str, url: str, portal) -> str:
    return ATTRIBUTION.get(language, ATTRIBUTION["en"]).format(url=url, emergency_number=portal.emergency_number)


def approach(page, request, portal, not_now=None) -> dict:
    """One approach page, in its own language, as schema.org MedicalWebPage."""
    language = page.locale.language_code
    with translation.override(language):
        status = page.review_status
        review = status.last_review
        web_url = page.get_full_url(request)
        changed = status.changed_since_review
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "@id": api_url(request, "api:approach", page.pk),
            "identifier": page.pk,
            "url": web_url,
            "name": page.title,
            "description": page.summary,
            "inLanguage": language,
            "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
            "isDemoContent": page.is_demo_content,
            "about": [
                {"@type": "MedicalCondition", "identifier": link.condition.slug, "name": link.condition.name}
                for link in page.condition_links.all()
            ],
            "datePublished": _iso(page.first_published_at),
            "dateModified": _iso(modified(page)),
            # As on the page (ApproachPage.structured_data): no review date for content that
            # changed after its review; the review itself is still named below.
            "lastReviewed": None if changed else review.reviewed_at.date().isoformat(),
            "reviewedBy": {"@type": "Person", "name": review.reviewer_name},
            "review": {
                "state": status.state,
                "label": status.label,
                "reviewedAt": review.reviewed_at.date().isoformat(),
                "nextReviewDue": status.next_due.isoformat(),
                "changedSinceLastReview": changed,
                "notice": review_notice(page),
            },
            "hasPart": sections(page, portal, not_now),
            "citation": _sources(page),
            "license": license_info(),
            "attribution": attribution(language, web_url, portal),
            "alternates": [
                {
                    "inLanguage": twin.locale.language_code,
                    "identifier": twin.pk,
                    "@id": api_url(request, "api:approach", twin.pk),
                    "url": twin.get_full_url(request),
                }
                for twin in page.api_alternates
            ],
        }
    return data


def condition(item, request, twins) -> dict:
    language = item.locale.language_code
    return {
        "@type": "MedicalCondition",
        "identifier": item.slug,
        "name": item.name,
        "description": item.description,
        "inLanguage": language,
        "approaches": absolute(request, reverse("api:approaches") + f"?lang={language}&condition={item.slug}"),
        "alternates": [
            {"inLanguage": t.locale.language_code, "name": t.name}
            for t in twins.get(item.translation_key, [])
            if t.pk != item.pk
        ],
    }


def provider_type(item, request, twins) -> dict:
    language = item.locale.language_code
    return {
        "identifier": str(item.translation_key),
        "name": item.name,
        "credentials": item.credentials,
        "description": item.description,
        "inLanguage": language,
        "approaches": absolute(
            request, reverse("api:approaches") + f"?lang={language}&provider_type={item.translation_key}"
        ),
        "alternates": [
            {"inLanguage": t.locale.language_code, "name": t.name}
            for t in twins.get(item.translation_key, [])
            if t.pk != item.pk
        ],
    }


def get_help(request, portal, page, language: str) -> dict:
    """Crisis help from Settings → Portal and the language's Portal wording, as the header and the
    get-help page show it."""
    fill = lambda text: str(expand(text or "", portal))  # noqa: E731
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title if page is not None else "",
        "url": page.get_full_url(request) if page is not None else absolute(request, portal.crisis_url),
        "inLanguage": language,
        "emergency": {"number": portal.emergency_number, "tel": portal.emergency_tel},
        "crisisLine": {
            "name": portal.crisis_line_name,
            "number": portal.crisis_line_number,
            "tel": portal.crisis_line_tel,
            "textNumber": portal.crisis_text_number,
            "sms": portal.crisis_text_sms,
            "chatUrl": portal.crisis_chat_url,
            "inLanguageCall": fill(portal.crisis_language_call),
            "inLanguageText": fill(portal.crisis_language_text),
        },
        "outsideUs": fill(portal.outside_us_text),
        "disclaimer": fill(portal.disclaimer),
        "license": license_info(),
        "attribution": attribution(language, absolute(request, "/"), portal),
    }


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
