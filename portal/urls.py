from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from approaches import views as approach_views
from core.delivery import views as core_views
from core.site.sitemaps import LocalizedSitemap
from core.staff import two_factor_views as two_factor_urls
from core.staff.reports import site_history as site_history_urls
from core.staff.reports import translations as translations_report_urls

urlpatterns = [
    # Ours first: a report Wagtail opens to every admin user, behind a permission here.
    path("admin/", include(site_history_urls)),
    path("admin/", include(translations_report_urls)),
    path("admin/", include(two_factor_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": LocalizedSitemap}}, name="sitemap"),
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("healthz", core_views.healthz, name="healthz"),
    # The partner API (docs/api.md): one address per item whatever the language (?lang=es).
    path("api/v1/", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What patients read, in their language: English unprefixed (every existing address keeps
# working), Spanish under /es/. Wagtail's page serving catches every remaining path, so it
# comes last.
urlpatterns += i18n_patterns(
    path("quiz/", include("quiz.urls")),
    path("what-matters/", include("priorities.urls")),
    path("feedback/", include("feedback.urls")),
    path("compare/", approach_views.compare, name="compare"),
    path("questions/", approach_views.questions_sheet, name="questions_sheet"),
    path("search/", approach_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "core.delivery.error_pages.bad_request"
handler403 = "core.delivery.error_pages.permission_denied"
handler404 = "core.delivery.error_pages.page_not_found"
handler500 = "core.delivery.views.server_error"
