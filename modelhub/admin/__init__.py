"""The Django admin (spec section 7): every entity registered, one module per area.

Model records are written through the same form and service as the edit page
(modelhub.admin.aimodels); the other entities are catalog and bookkeeping data.
"""

from modelhub.admin import aimodels, audit, catalog, moderation, namespaces, tokens

__all__ = ["aimodels", "audit", "catalog", "moderation", "namespaces", "tokens"]
