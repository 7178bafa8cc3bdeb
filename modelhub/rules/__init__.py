"""The rules a model record must satisfy, applied by the service on every write.

Cheap rules (types, lengths, formats, choices) run on the whole record every time.
Rules that consult other tables (the definition's JSON Schema, the region catalog,
id uniqueness) run when one of their inputs is among the changed fields, so that a
catalog change by staff never locks owners out of unrelated edits.

- `changes`: how a change set is normalised and bounded before anything compares it.
- `configuration`: a configuration against its definition's JSON Schema and size limits.
- `aimodel`: the whole record (`validate_aimodel`), field by field and against the catalog.
"""

# The model form imports it from the package itself.
from modelhub.rules.changes import normalize_changes

__all__ = ["normalize_changes"]
