"""The store: models, engines, migrations, the only writer (ops) and the readers (queries).

Nothing here imports Textual.
"""
