import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

application = get_wsgi_application()

# Imported once Django is set up: it reads settings and the cache.
from core.page_cache import PageCacheWSGI  # noqa: E402

application = PageCacheWSGI(application)
