"""What every app's seeding shares: the report of what was added, and the settings' page links.

Each content app has a `seeding.py` with `seed(report)`; `manage.py seed_portal` (portal/seeding.py)
calls them bottom layer first. Seeding only ever adds what is missing.
"""

from dataclasses import dataclass, field

from core.models import PortalSettings


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)


def link_settings_pages(report: SeedReport, pages_by_role: dict) -> None:
    """Point `<role>_page` in the portal settings at each page, unless an editor already chose one."""
    settings = PortalSettings.load()
    changed = False
    for role, page in pages_by_role.items():
        attr = f"{role}_page"
        if page is not None and getattr(settings, f"{attr}_id") is None:
            setattr(settings, attr, page)
            report.created.append(f"setting {attr} → {page.url_path}")
            changed = True
    if changed:
        settings.save()
