from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from governance.content_health import NEEDS_REVIEW, health_rows


class Command(BaseCommand):
    help = "Email clinical reviewers the pages whose review is overdue, due soon, never done or out of date. Run daily."

    def handle(self, *args, **options):
        due = [r for r in health_rows() if r.status.state in NEEDS_REVIEW]
        recipients = list(
            get_user_model()
            .objects.filter(groups__name="Clinical reviewers", is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not due or not recipients:
            self.stdout.write(f"Nothing sent: {len(due)} page(s) due, {len(recipients)} reviewer(s) with email.")
            return
        lines = [
            f"- {r.title}: {r.review_state}" + (f" (due {r.next_due:%d %b %Y})" if r.next_due else "") for r in due
        ]
        body = "These Steady Path pages need a clinical review:\n\n" + "\n".join(lines)
        body += f"\n\nSee Reports → Content health: {settings.WAGTAILADMIN_BASE_URL}/admin/reports/content-health/\n"
        send_mail(f"{len(due)} page(s) need clinical review", body, None, recipients)
        self.stdout.write(
            self.style.SUCCESS(f"Sent a reminder about {len(due)} page(s) to {len(recipients)} reviewer(s).")
        )
