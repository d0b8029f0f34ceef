"""The case log's HTTP routes: cases (/cases), shortcuts (/me/favorites, /me/templates,
/me/recents) and the sync feed (/cases/sync). Thin: parse, call one service, commit once."""
