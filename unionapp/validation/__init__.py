"""Validators shared by forms, import and the command line.

Every validator raises :class:`ValidationError` with a Chinese message that names the
field and the reason; the normalising ones return the cleaned value.
"""

from unionapp.validation.common import ValidationError
from unionapp.validation.creditcode import credit_code_check_char, is_valid_credit_code
from unionapp.validation.idcard import IdInfo, id_check_char, parse_id_number

__all__ = [
    "IdInfo",
    "ValidationError",
    "credit_code_check_char",
    "id_check_char",
    "is_valid_credit_code",
    "parse_id_number",
]
