"""Entry point: `flask --app app run`, `gunicorn app:app`, or `python app.py` (first start sets everything up)."""

import os

from factcheck import create_app

app = create_app()

if __name__ == "__main__":
    from sqlmodel import Session

    from factcheck.cli import init_database, print_passwords
    from factcheck.services import demo

    init_database(app)
    with Session(app.extensions["factcheck_engine"]) as session:
        result = demo.seed_demo(session, hash_method=app.config["PASSWORD_HASH_METHOD"])
    print_passwords(result.created_passwords)
    host = os.environ.get("FACTCHECK_HOST", "127.0.0.1")
    port = int(os.environ.get("FACTCHECK_PORT", "5000"))
    print(f"factcheck is running at http://{host}:{port}  (sign in as admin)")
    app.run(host=host, port=port, debug=False)
