from core.models.cache import ContentGeneration
from core.models.governance import ClinicalReviewer, ClinicalReviewTask, PageReview
from core.models.settings import PortalSettings

__all__ = ["ContentGeneration", "ClinicalReviewer", "ClinicalReviewTask", "PageReview", "PortalSettings"]
