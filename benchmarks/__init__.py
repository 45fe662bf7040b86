"""`make bench` and `make soak`: the portal's speed measured against floors of the same run.

- `run`: the whole benchmark, scale by scale (database, load data, server, pages, floors);
- `measure`: one scale's measurements, in a process set up for that scale's database;
- `pages`: which pages are measured, found from the URL configuration and the filters;
- `client`: the load driver, a plain HTTP/1.1 client that signs in and times requests;
- `server`: gunicorn started and stopped on a loopback port;
- `floors`: psycopg's COPY for the export and bulk_create for the import;
- `stats`, `memory`, `report`: percentiles and ratios, a process's memory, the table;
- `soak`: concurrent users for minutes, counting errors and watching worker memory.
"""
