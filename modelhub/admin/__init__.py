"""The Django admin (spec section 7): every entity registered, one module per area.

Model records are written through the same form and service as the edit page
(modelhub.admin.aimodels); the other entities are catalog and bookkeeping data.
"""

from django.contrib import admin

from modelhub.admin import aimodels, audit, catalog, moderation, namespaces, tokens, users, webhooks
from modelhub.security.login import ThrottledAdminAuthenticationForm

# The admin login page refuses a throttled attempt with the same clear message as /accounts/login/.
admin.site.login_form = ThrottledAdminAuthenticationForm
# The product's name, not Django's, at the top of every admin page and in its titles.
admin.site.site_header = "modelhub administration"
admin.site.site_title = "modelhub admin"

__all__ = ["aimodels", "audit", "catalog", "moderation", "namespaces", "tokens", "users", "webhooks"]
