"""The wire format between `run_in_stage` and its worker process."""

RESULT_MARKER_PREFIX = "@@playbook-result-"

STATUS_OK = "ok"
STATUS_IMPORT_ERROR = "import_error"
STATUS_ENTRY_ERROR = "entry_error"
STATUS_RUN_ERROR = "run_error"
