"""The benchmarks: `python -m bench.feed` (./scripts/bench-feed.sh) and `python -m bench.api`
(./scripts/bench-api.sh), on shared parts: `database` (their own database, never the
developer's), `seeding`, `timing` (in-process requests, percentiles), `server` (the app started
as ./scripts/run.sh does, the floor app, CPU accounting), `load` (wrk), `report` and `plot`."""

import warnings

# A bench database is throwaway, so the local "changethis" secrets are beside the point; the
# warnings would only clutter the output. Here, before any benchmark imports the app's settings.
warnings.filterwarnings("ignore", message=r'The value of \w+ is "changethis"')
