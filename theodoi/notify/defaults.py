"""A reminder policy's defaults, written once (the model's defaults and the rules'
``Policy`` for a plan without a row both read them). No imports: both may."""

# The working days before the cut-off a plan's bodies are reminded, unless the office
# sets others (``ReminderPolicy.days_before`` stores them as text: "7,3,1").
DEFAULT_DAYS_BEFORE = (7, 3, 1)
DEFAULT_DAYS_BEFORE_TEXT = ",".join(str(day) for day in DEFAULT_DAYS_BEFORE)
