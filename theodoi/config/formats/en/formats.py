"""English pages keep the province's formats: dd/mm/yyyy and 14,5."""

from ..vi.formats import *  # noqa: F403
