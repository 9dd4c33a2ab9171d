import random
from collections import defaultdict
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from quiz import synthetic
from quiz.models import Quiz, QuizResponse
from quiz.selectors import live_flow


class Command(BaseCommand):
    help = "Write realistic synthetic quiz responses (for demos and benchmarks). Never run on live data."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--days", type=int, default=90, help="Spread start times over the last D days.")
        parser.add_argument("--quiz", type=int, help="Quiz id (default: the first published quiz).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, so runs are repeatable.")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="Write in batches with bulk inserts (same scoring); for millions of rows.",
        )
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the quiz already has responses (for `make run`)."
        )

    def handle(self, *args, count, days, quiz, seed, bulk, batch, if_empty, **options):
        if count < 0 or days < 1:
            raise CommandError("--count must be 0 or more and --days at least 1.")
        quizzes = Quiz.objects.filter(live=True, live_revision__isnull=False).order_by("pk")
        chosen = quizzes.filter(pk=quiz).first() if quiz else quizzes.first()
        if live_flow(chosen) is None:
            raise CommandError("No published quiz found. Run `manage.py seed_portal` first.")

        if if_empty and QuizResponse.objects.filter(quiz=chosen).exists():
            self.stdout.write("The quiz already has responses: nothing generated.")
            return

        rng = random.Random(seed)
        # Stay clear of the last few hours, as real runs of those would still be in progress.
        newest = timezone.now() - timedelta(hours=4)
        span = days * 24 * 3600
        oldest = newest - timedelta(seconds=span)
        # The second revision goes live inside the report's default 30 days, so the demo opens on a comparison.
        second_live_at = newest - min((newest - oldest) / 2, timedelta(days=14))
        if count and synthetic.ensure_two_revisions(
            chosen, first_live_at=oldest - timedelta(days=1), second_live_at=second_live_at
        ):
            self.stdout.write("Published a second, labelled demo revision so the report has two to compare.")
        timeline = synthetic.revision_timeline(chosen)
        progress = tqdm(total=count, unit="response", disable=options["verbosity"] == 0, file=self.stderr)
        pending = defaultdict(list)  # revision id -> runs on it
        flows = {}
        for _ in range(count):
            started = newest - timedelta(seconds=rng.randint(0, span))
            flow = synthetic.flow_at(timeline, started)
            run = synthetic.simulate(flow, rng, started)
            if bulk:
                flows[flow.revision_id] = flow
                pending[flow.revision_id].append(run)
                if sum(len(runs) for runs in pending.values()) >= batch:
                    self._write_pending(flows, pending, progress)
            else:
                synthetic.write_one(flow, run)
                progress.update(1)
        self._write_pending(flows, pending, progress)
        progress.close()
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {count} synthetic responses to “{chosen.title}” over {days} days.")
        )

    @staticmethod
    def _write_pending(flows, pending, progress):
        for revision_id, runs in pending.items():
            synthetic.write_many(flows[revision_id], runs)
            progress.update(len(runs))
        pending.clear()
