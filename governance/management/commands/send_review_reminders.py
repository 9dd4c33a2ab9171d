from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from governance.content_health import NEEDS_REVIEW, health_rows
from linkcheck.selectors import urgent_broken_links


def _emails(group: str) -> list[str]:
    users = get_user_model().objects.filter(groups__name=group, is_active=True).exclude(email="")
    return list(users.values_list("email", flat=True))


class Command(BaseCommand):
    help = (
        "Email clinical reviewers the pages whose review is overdue, due soon, never done or out of date, "
        "and, first, any broken link in crisis resources (site admins get those too). Run weekly, and daily "
        "with --urgent-only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--urgent-only",
            action="store_true",
            help="Mail only broken crisis links, and only when there are any (the daily run after check_links).",
        )

    def handle(self, *args, urgent_only=False, **options):
        # Reviewers hear about due pages once a week; a dead crisis link cannot wait for Monday.
        due = [] if urgent_only else [r for r in health_rows() if r.status.state in NEEDS_REVIEW]
        urgent = urgent_broken_links()
        recipients = _emails("Clinical reviewers")
        if urgent:
            # A dead crisis link is everyone's problem, whoever may fix the settings or the page.
            recipients = list(dict.fromkeys(recipients + _emails("Site admins")))
        if not (due or urgent) or not recipients:
            self.stdout.write(f"Nothing sent: {len(due)} page(s) due, {len(recipients)} reviewer(s) with email.")
            return
        admin = settings.WAGTAILADMIN_BASE_URL
        parts = []
        if urgent:
            lines = [f"- {link.url} ({link.get_kind_display()}), in {link.source}" for link in urgent]
            parts.append(
                "URGENT: these links in crisis resources are broken. Patients looking for help now meet them:\n\n"
                + "\n".join(lines)
                + f"\n\nSee Reports → Broken links: {admin}/admin/reports/broken-links/"
            )
        if due:
            lines = [
                f"- {r.title}: {r.review_state}" + (f" (due {r.next_due:%d %b %Y})" if r.next_due else "") for r in due
            ]
            parts.append("These Steady Path pages need a clinical review:\n\n" + "\n".join(lines))
        body = "\n\n".join(parts) + f"\n\nSee Reports → Content health: {admin}/admin/reports/content-health/\n"
        subject = f"{len(due)} page(s) need clinical review"
        if urgent:
            subject = f"URGENT: {len(urgent)} broken crisis link(s)" + (f"; {subject}" if due else "")
        send_mail(subject, body, None, recipients)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent a reminder about {len(due)} page(s) and {len(urgent)} broken crisis link(s) "
                f"to {len(recipients)} recipient(s)."
            )
        )
