"""The registers read through a read-only REST API at /api/v1/, for the city's reporting tools.

- `endpoints`: the API's lists, found from the registers' lists (and the reference data), so that
  a register declared later has its endpoints without code here;
- `serializers`: a record as the API writes it, related records as ids and names;
- `views`: the list and detail endpoints and their ETags; `pagination`: the cursor pages;
  `spreadsheets`: a list as streamed CSV; `docs`: the schema's documentation page;
- personal API tokens: `models`, `services` (create, revoke), `authentication`, `throttling`,
  `signals` (a deactivated account's tokens end), `forms` and `pages` (the person's tokens page).
"""
