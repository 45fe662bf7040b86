"""Exports of the registers' lists as CSV and Excel files, streamed row by row.

- `columns`: the base resource each register's `resources.py` declares its list export with,
  and the registry that finds them;
- `cells`: how a value becomes a cell, and how text that a spreadsheet would run is neutralised;
- `writers`: the CSV stream and the Excel workbook;
- `sql`: on PostgreSQL, the CSV cells written by the database, for long lists;
- `responses`: the HTTP responses, with the audit log line of every export.
"""
