"""Every table model, imported so that Alembic and the tests see the whole metadata."""

from sqlmodel import SQLModel

from rvuedge.benchmarks import models as benchmark_models  # noqa: F401
from rvuedge.cases import models as case_models  # noqa: F401
from rvuedge.catalog import models as catalog_models  # noqa: F401
from rvuedge.crediting import models as crediting_models  # noqa: F401
from rvuedge.groups import models as group_models  # noqa: F401
from rvuedge.imports import models as import_models  # noqa: F401
from rvuedge.payplans import models as payplan_models  # noqa: F401
from rvuedge.reconciliation import models as reconciliation_models  # noqa: F401
from rvuedge.residency import models as residency_models  # noqa: F401
from rvuedge.sites import models as site_models  # noqa: F401
from rvuedge.users import models as user_models  # noqa: F401

metadata = SQLModel.metadata
