"""Line analysis of web pages: what each line of a page is, read from its shape and context.

This package is shared by the line filters (``boilerplate.lines``, ``spam.tails``,
``boilerplate.repeated``) and ``lines.rejoin``; the normalisers in
:mod:`normkit.normalisers` are thin wrappers over it. Its modules:

- ``features``: per-line features of a whole page, computed at once (vectorised);
- ``model``: the line classifier over those features, its weights a small data file;
- ``repeats``: corpus-level counts of normalised line hashes (mergeable, bounded memory),
  with ``repeats_keys`` (a line's key), ``repeats_file`` (run files, the counts file) and
  ``repeats_rule`` (which repeated lines are dropped);
- ``spam``: spam lines and a document spam score, with ``spam_terms`` (the vocabulary as
  one matcher), ``spam_rules`` (the line and page rules) and ``spam_text`` (the shapes
  they measure).

``docs/architecture.md`` maps every module.
"""
