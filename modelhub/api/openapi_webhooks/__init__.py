"""The webhook part of the OpenAPI document: `schemas` (the bodies) and `operations` (the paths)."""
