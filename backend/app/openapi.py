"""Print the API's OpenAPI schema as JSON, without a server or a database: `python -m app.openapi`."""

import json
import sys

from app.main import app


def main() -> None:
    json.dump(app.openapi(), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
