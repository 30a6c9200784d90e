from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from noteticketing.api.views import SchemaView, health

api_patterns = [
    path("health", health, name="health"),
    path("schema", SchemaView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include("guilds.urls")),
    path("", include("actionitems.urls")),
    path("", include("sweeps.urls")),
    path("", include("audit.urls")),
    path("", include("webhooks.urls")),
]

urlpatterns = [
    path("v1/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

handler400 = "noteticketing.api.handlers.bad_request"
handler403 = "noteticketing.api.handlers.permission_denied"
handler404 = "noteticketing.api.handlers.page_not_found"
handler500 = "noteticketing.api.handlers.server_error"
