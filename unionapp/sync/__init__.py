"""Offline offices and the district server: each PC keeps its own database and syncs with the
district's PostgreSQL database over the PostgreSQL connection itself (no other server).

``recorder`` writes the PC's change log; ``district`` sets up the server; ``push`` and ``pull``
move changes; ``merge`` decides field by field; ``conflicts`` lets a person decide the rest;
``run`` does a whole sync.
"""
