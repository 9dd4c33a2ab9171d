from core.models.cache import ContentGeneration
from core.models.settings import PortalSettings

__all__ = ["ContentGeneration", "PortalSettings"]
