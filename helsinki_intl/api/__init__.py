"""The registers read through a read-only REST API at /api/v1/, for the city's reporting tools.

- `endpoints`: the API's lists, found from the registers' lists (and the reference data), so that
  a register declared later has its endpoints without code here;
- `serializers`: a record as the API writes it, related records as ids and names;
- `views`: the list and detail endpoints, their ETags, and the schema's documentation page;
- `tokens` (models, services, authentication, throttling, pages): personal API tokens.
"""
