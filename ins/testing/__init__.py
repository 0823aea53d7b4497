"""Tools for the test suites of software that uses `ins` (needs the `testing` extra).

Nothing here is imported by `import ins`.
"""
