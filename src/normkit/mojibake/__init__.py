"""Mojibake detection and repair, used by :mod:`normkit.normalisers.mojibake`.

- :mod:`.latin`: UTF-8 read as a single-byte code page, through ftfy's encoding fix.
- :mod:`.cjk`: UTF-8 read as a CJK multi-byte codec (GBK, Big5, Shift-JIS, EUC-KR, EUC-JP).
- :mod:`.phase`: GBK read one byte out of phase after a lost byte.
- :mod:`.scoring`, :mod:`.tables`: plausibility from the codecs' own frequency tiers.
"""
