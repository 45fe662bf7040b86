"""Imports of the existing spreadsheets into the registers.

- `uploads`: checks an uploaded file by its content (size, type, encoding, zip bombs,
  formulas) before it is parsed into rows.
- `widgets`: cells read as natural keys (unit code or name, person, lists in one cell).
- `resources`: the base of every register's import resource, with headers in fi/sv/en, and
  the registry of importable resources.
- `cleaning`, `conditions`: a row's fields and check constraints checked in Python, without a
  query a row.
- `saving`: the rows saved in bulk once all are right, with their lists and history.
- `service`: the dry run and the real import, with history and the audit log.
- `pending`: an upload kept between the dry run and the confirmation.
- `admin`: the admin's import and export, reading files as the portal does and using the same
  resources, so that both show the same columns and the same checks.
"""
