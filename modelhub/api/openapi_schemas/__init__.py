"""JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the API's bodies, built from the domain's choices.

`STR` and `ref` are taken from here by every openapi_* module that writes a schema.
"""

from modelhub.api.openapi_schemas.catalog import CATALOG_SCHEMAS
from modelhub.api.openapi_schemas.common import STR, ref
from modelhub.api.openapi_schemas.model import MODEL_SCHEMAS

SCHEMAS = {**MODEL_SCHEMAS, **CATALOG_SCHEMAS}

__all__ = ["SCHEMAS", "STR", "ref"]
