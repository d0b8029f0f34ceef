"""The HTTP API: one module per group of routes, above every feature (as cli/ is for commands).

A route parses its input, calls the services of the packages below (any of them: the search
reads the optional signed-in user; PATCH /me revalues the cases when the conversion factor choice
changes), builds its answer and commits once. The features hold models, shapes and services and
never import a route. `rvuedge.main` mounts the routers under /api/v1.
"""
