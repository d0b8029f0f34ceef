"""Shared response types."""

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

# Exact Decimal inside, a JSON number outside (values are already rounded where they are made).
Num = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
