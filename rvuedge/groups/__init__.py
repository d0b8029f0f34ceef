"""Sharing with consent: groups, one-time invitations, each member's chosen scope, the views a
viewer gets of what members share, and the record of every look (issue 29)."""
