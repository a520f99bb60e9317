"""Print the API's OpenAPI schema as JSON, without a server or a database: `python -m app.openapi`."""

import json
import sys
import warnings


def main() -> None:
    # The schema does not depend on secrets: no "changethis" warnings here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from app.main import app
    json.dump(app.openapi(), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
