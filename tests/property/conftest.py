"""The Hypothesis profiles of the property tests.

`ci` runs the same examples on every run (derandomized, no example database) and prints the
blob that replays a failure (`@reproduce_failure`); .ci/run chooses it with HYPOTHESIS_PROFILE=ci,
and Hypothesis itself when CI is set. `default` tries new examples each run, and `thorough`
ten times as many: `HYPOTHESIS_PROFILE=thorough make test PYTEST_ARGS=tests/property`.
"""

import os

from hypothesis import settings

# Each test tries this many examples, or a multiple of it (see `hostile_settings`).
EXAMPLES = 10

settings.register_profile("default", settings.get_profile("default"), max_examples=EXAMPLES)
settings.register_profile("ci", settings.get_profile("ci"), max_examples=EXAMPLES)
settings.register_profile("thorough", settings.get_profile("default"), max_examples=10 * EXAMPLES)
# Hypothesis has already loaded `ci` when CI is set, or the profile named on the command line:
# load it again as registered here, unless the environment names another.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or settings.get_current_profile_name())
