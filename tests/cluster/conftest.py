from tests.suggest.conftest import demo, demo_file  # noqa: F401  (the analysed demo project)
