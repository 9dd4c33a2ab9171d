"""The latest link check: one run, and one row per link found (broken or not)."""

from dataclasses import dataclass

from django.db import models


class Kind(models.TextChoices):
    OK = "ok", "Works"
    REDIRECT = "redirect", "Redirects (works)"
    NOT_FOUND = "not_found", "Not found (404/410)"
    CLIENT_ERROR = "client_error", "Refused (other 4xx)"
    SERVER_ERROR = "server_error", "Server error (5xx)"
    TIMEOUT = "timeout", "Timed out"
    UNREACHABLE = "unreachable", "Could not connect"
    TOO_MANY_REDIRECTS = "too_many_redirects", "Too many redirects"
    NOT_CHECKED = "not_checked", "Not checked (time budget ran out)"


BROKEN = (
    Kind.NOT_FOUND,
    Kind.CLIENT_ERROR,
    Kind.SERVER_ERROR,
    Kind.TIMEOUT,
    Kind.UNREACHABLE,
    Kind.TOO_MANY_REDIRECTS,
)


@dataclass(frozen=True)
class Outcome:
    """What checking one address found, before it is stored against each place it appears."""

    kind: str
    status_code: int | None = None
    detail: str = ""


class LinkCheckRun(models.Model):
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    links = models.PositiveIntegerField(default=0)
    broken = models.PositiveIntegerField(default=0)
    out_of_time = models.BooleanField(default=False, help_text="The time budget ran out before every link was checked.")

    class Meta:
        get_latest_by = "started_at"
        permissions = [("run_link_check", "Can start a link check from the admin")]

    def __str__(self):
        return f"Link check {self.started_at:%Y-%m-%d %H:%M}"


class LinkResult(models.Model):
    run = models.ForeignKey(LinkCheckRun, on_delete=models.CASCADE, related_name="results")
    url = models.CharField(max_length=2000)
    # Where the link is: a page (for the page editor's panel) or a named place elsewhere.
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=255)
    edit_url = models.CharField(max_length=500, blank=True)
    urgent = models.BooleanField(default=False, help_text="A crisis resource: fix it first.")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-urgent", "source", "url"]

    def __str__(self):
        return f"{self.url} ({self.get_kind_display()})"

    @property
    def is_broken(self) -> bool:
        return self.kind in BROKEN

    @property
    def is_address(self) -> bool:
        """A web address or site path (a deleted page is named, and has none)."""
        return self.url.startswith(("http://", "https://", "/"))
