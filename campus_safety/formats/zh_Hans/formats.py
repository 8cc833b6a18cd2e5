# Django's own zh_Hans MONTH_DAY_FORMAT pads the month ("05月23日"); Chinese writes 5月23日.
MONTH_DAY_FORMAT = "n月j日"
