from core.models.cache import ContentGeneration
from core.models.settings import PortalSettings
from core.models.wording import PortalWording

__all__ = ["ContentGeneration", "PortalSettings", "PortalWording"]
