from core.models.cache import ContentGeneration
from core.models.sessions import StaffSession
from core.models.settings import PortalSettings
from core.models.wording import PortalWording

__all__ = ["ContentGeneration", "PortalSettings", "PortalWording", "StaffSession"]
