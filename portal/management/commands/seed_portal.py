import os

from django.core.management.base import BaseCommand

from core.site.services import generate_demo_password
from portal.seeding import seed_demo_users, seed_portal


class Command(BaseCommand):
    help = "Build a browsable demo portal from an empty database. Safe to run again: it only adds what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create one account per role. Password from DEMO_PASSWORD, or a random one printed once.",
        )

    def handle(self, *args, demo_users=False, **options):
        report = seed_portal()
        if report.changed:
            for line in report.created:
                self.stdout.write(f"  created {line}")
            self.stdout.write(self.style.SUCCESS(f"Seeded the portal: {len(report.created)} additions."))
        else:
            self.stdout.write("The portal is already seeded: nothing changed.")

        if demo_users:
            self._demo_users()

    def _demo_users(self):
        password = os.environ.get("DEMO_PASSWORD") or generate_demo_password()
        secret = os.environ.get("DEMO_TOTP_SECRET", "")
        users = seed_demo_users(password=password, totp_secret=secret)
        if any(u.authenticator for u in users):
            from core.staff.two_factor import demo_otpauth_uri

            self.stdout.write("Demo authenticator (DEMO_TOTP_SECRET) added; add it to an authenticator app:")
            self.stdout.write(f"  {demo_otpauth_uri(secret)}")
        new = [u for u in users if u.created]
        if not new:
            self.stdout.write(
                "Demo users already exist: passwords unchanged (reset with `manage.py changepassword NAME`)."
            )
            return
        from_env = bool(os.environ.get("DEMO_PASSWORD"))
        self.stdout.write(self.style.SUCCESS("Demo users (log in at /admin/):"))
        for user in new:
            self.stdout.write(f"  {user.username:<10} {user.role}")
        if from_env:
            self.stdout.write("  password: the value of DEMO_PASSWORD")
        else:
            self.stdout.write(f"  password: {password}   (shown once; not stored anywhere in plain text)")
