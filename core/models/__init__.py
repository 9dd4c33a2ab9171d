from core.models.governance import ClinicalReviewer, PageReview
from core.models.settings import PortalSettings

__all__ = ["ClinicalReviewer", "PageReview", "PortalSettings"]
