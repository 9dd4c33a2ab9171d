from django.conf import settings
from django.core.management.base import BaseCommand

from feedback.services import expire_comments


class Command(BaseCommand):
    help = (
        "Delete the text of page-feedback comments older than FEEDBACK_RETENTION_DAYS (default 180); "
        "votes and counts are kept. Run daily (docs/deployment.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override FEEDBACK_RETENTION_DAYS.")

    def handle(self, *args, days=None, **options):
        days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
        comments, queries = expire_comments(days=days)
        self.stdout.write(
            f"Deleted the text of {comments} comment(s) and folded {queries} search row(s) older than {days} days."
        )
