"""Byte counts as people read them: "20 MB", "1.5 KB", "512 bytes" (units of 1,024, as file managers count)."""

UNITS = ("KB", "MB", "GB", "TB")


def human_size(count: int | float) -> str:
    """`count` bytes in the largest unit that keeps at least 1: whole numbers without decimals ("20 MB" for
    20,971,520), others with one ("1.5 MB"); below 1 KB, in bytes ("1 byte", "512 bytes")."""
    count = int(count)
    if abs(count) < 1024:
        return f"{count:,} byte{'' if count == 1 else 's'}"
    value, index = count / 1024, 0
    while abs(value) >= 1024 and index + 1 < len(UNITS):
        value, index = value / 1024, index + 1
    return f"{f'{value:,.1f}'.removesuffix('.0')} {UNITS[index]}"
